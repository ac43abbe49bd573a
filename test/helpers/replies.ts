import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Clock } from '../../src/lib/clock.js';
import { testIssuer } from './app.js';

/** An OAuth error body (RFC 6749 §5.2). */
export const oauthError = (error: string, description: string) => ({
  error,
  error_description: description,
});

/** The refusal of a refresh token that is unknown, spent, expired or revoked. */
export const badRefreshToken = oauthError(
  'invalid_grant',
  'the refresh token is invalid, expired or revoked',
);

/** Asserts that `res` has exactly `status` and the whole JSON body `body`. */
export function expectJson(res: LightMyRequestResponse, status: number, body: unknown): void {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toEqual(body);
}

/** A successful token response as the tests read it. */
export interface TokenBody {
  access_token: string;
  refresh_token: string;
  scope?: string;
}

/**
 * Asserts a successful token response (RFC 6749 §5.1): 200, never cached, and exactly a
 * Bearer access token for 600 seconds with the fields of `more`. Returns the body.
 */
export function expectTokens(
  res: LightMyRequestResponse,
  more: Record<string, unknown> = {},
): TokenBody {
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const body = res.json<TokenBody>();
  expect(body).toEqual({
    access_token: expect.any(String),
    token_type: 'Bearer',
    expires_in: 600,
    ...more,
  });
  return body;
}

/**
 * The whole claims set of an RFC 9068 access token the test server issued at `clock`'s now
 * for 600 seconds, with the claims that name its subject and grant.
 */
export function accessTokenClaims(clock: Clock, claims: Record<string, unknown>) {
  return {
    iss: testIssuer,
    aud: testIssuer,
    iat: clock.now(),
    exp: clock.now() + 600,
    jti: expect.stringMatching(/^at_/),
    ...claims,
  };
}

/** Asserts that an answer read as `{ status, body }` has exactly `status` and the whole `body`. */
export function expectAnswer(
  answer: { status: number; body: unknown },
  status: number,
  body: unknown,
): void {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual(body);
}
