import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { beforeAll, expect } from 'vitest';
import type { Services } from '../../src/services.js';
import { testIssuer, type TestApp } from '../helpers/app.js';
import { postToken, type ClientSecret } from '../helpers/requests.js';
import { accessTokenClaims, oauthError } from '../helpers/replies.js';
import { challenge, verifier } from './authorization-code-support.js';

export { challenge, verifier };

/** The sandbox's public demo app (docs/sandbox.md): PKCE, OpenID Connect scopes, platform. */
export const spa = { id: 'gatehouse_demo_spa', redirectUri: 'http://127.0.0.1:5173/callback' };
/** A sandbox person, developer of Demo Parts Co. */
export const dev = { id: 'usr_partium_dev', email: 'dev@partium.example', orgId: 'org_demo_parts' };
export const openid = ['openid', 'profile', 'email'];
export const nonce = 'n-0S6_WzA2Mj';
/** How long before the redemption the person signed in. */
export const signedInAgo = 30;

export const badCode = oauthError(
  'invalid_grant',
  'the authorization code is invalid, expired or used',
);
export const withdrawn = oauthError(
  'invalid_grant',
  'the grant behind this authorization code was withdrawn',
);

type IssueInput = Parameters<Services['authorizationCodes']['issue']>[0];

/**
 * A code as the authorization endpoint issues it: by default the SPA's, for dev in Demo
 * Parts Co, with the OpenID Connect scopes, the RFC 7636 challenge and a nonce, for a
 * sign-in `signedInAgo` seconds ago.
 */
export function issueCode(
  { services, clock }: Pick<TestApp, 'services' | 'clock'>,
  changes: Partial<IssueInput> = {},
): Promise<string> {
  return services.authorizationCodes.issue({
    clientId: spa.id,
    redirectUri: spa.redirectUri,
    userId: dev.id,
    orgId: dev.orgId,
    scopes: openid,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    nonce,
    authTime: clock.now() - signedInAgo,
    ...changes,
  });
}

/**
 * POST /oauth/token with grant_type=authorization_code: the SPA's redirect URI and verifier,
 * as the SPA (`client_id` alone) unless `client` authenticates with HTTP Basic. A field of
 * `fields` set to undefined is left out.
 */
export function redeem(
  app: FastifyInstance,
  fields: Record<string, string | undefined>,
  client?: ClientSecret,
): Promise<LightMyRequestResponse> {
  const all: Record<string, string | undefined> = {
    grant_type: 'authorization_code',
    redirect_uri: spa.redirectUri,
    code_verifier: verifier,
    ...(client === undefined ? { client_id: spa.id } : {}),
    ...fields,
  };
  const sent = Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined);
  return postToken(app, Object.fromEntries(sent), client);
}

/** The token response of a redemption as the tests read it. */
export interface CodeTokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

/** The published key set (RFC 7517), for jose to verify tokens against. */
export async function publishedKeys(app: FastifyInstance) {
  const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  expect(res.statusCode).toBe(200);
  return createLocalJWKSet(res.json<JSONWebKeySet>());
}

/** OpenID Connect Core §3.1.3.6, computed here apart from the server's code. */
export function expectedAtHash(accessToken: string, alg: string): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * Verifies both tokens against the published keys and asserts their whole headers and claims:
 * an access token of dev in Demo Parts Co for `clientId`, issued now for 600 seconds, and,
 * when the response carries one, an ID token for the same client with `tokenNonce` (if not
 * null), whose `at_hash` is computed here.
 */
export async function expectCodeTokens(
  { app, clock }: Pick<TestApp, 'app' | 'clock'>,
  tokens: CodeTokens,
  {
    clientId,
    alg,
    scope,
    tokenNonce,
  }: {
    clientId: string;
    alg: string;
    scope: string;
    tokenNonce: string | null;
  },
): Promise<void> {
  const keys = await publishedKeys(app);
  const verify = (token: string, typ: string, audience: string) =>
    jwtVerify(token, keys, {
      typ,
      issuer: testIssuer,
      audience,
      algorithms: [alg],
      currentDate: new Date(clock.now() * 1000),
    });
  const access = await verify(tokens.access_token, 'at+jwt', testIssuer);
  expect(access.protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: expect.any(String) });
  expect(access.payload).toEqual(
    accessTokenClaims(clock, {
      sub: dev.id,
      sub_type: 'user',
      client_id: clientId,
      org: dev.orgId,
      roles: ['developer'],
      scope,
    }),
  );
  if (tokens.id_token === undefined) return;
  const id = await verify(tokens.id_token, 'JWT', clientId);
  // Signed with the key the access token was signed with: the one active key.
  expect(id.protectedHeader).toEqual({ alg, typ: 'JWT', kid: access.protectedHeader.kid });
  expect(id.payload).toEqual({
    iss: testIssuer,
    sub: dev.id,
    aud: clientId,
    exp: clock.now() + 600,
    iat: clock.now(),
    auth_time: clock.now() - signedInAgo,
    ...(tokenNonce === null ? {} : { nonce: tokenNonce }),
    at_hash: expectedAtHash(tokens.access_token, alg),
  });
}

/**
 * A confidential client of Demo Parts Co with the authorization_code and refresh grants and
 * the OpenID Connect scopes, registered without PKCE, made once for the suite. Being of
 * dev's org, it may also introspect the SPA's tokens there (RFC 7662 §2.1).
 */
export function useWebApp(ctx: () => TestApp): () => ClientSecret & { redirectUri: string } {
  let made: (ClientSecret & { redirectUri: string }) | undefined;
  beforeAll(async () => {
    const redirectUri = 'https://app.example/callback';
    const { client, secret } = await ctx().services.clients.create({
      orgId: dev.orgId,
      name: 'web app',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: openid,
      redirectUris: [redirectUri],
      pkceRequired: false,
    });
    made = { id: client.id, secret: secret ?? '', redirectUri };
  });
  return () => {
    if (made === undefined) throw new Error('the web app is not registered yet');
    return made;
  };
}
