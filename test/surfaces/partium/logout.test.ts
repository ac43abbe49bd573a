import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { backend, useTestApp } from '../../helpers/app.js';
import { partiumDev, passwordRequest, postToken, rawRequest } from '../../helpers/requests.js';
import { storeTargets } from '../../helpers/targets.js';
import { demoKey, post, unauthorized } from './support.js';
import { expectJson } from '../../helpers/replies.js';

const invalidRequest = { status: 400, body: { type: 'invalid_request' } };
const signedOut = { status: 204, body: '' };

async function pair(app: FastifyInstance, authorization = partiumDev) {
  const res = await post(app, '/auth', authorization);
  const { access_token, refresh_token } = res.body as Record<string, string>;
  if (access_token === undefined || refresh_token === undefined) throw new Error('no pair');
  return { access: access_token, refresh: refresh_token };
}

const search = (app: FastifyInstance, credential: string) =>
  post(app, '/1/find/search', `Bearer ${credential}`, { query: 'oil' });
const refresh = (app: FastifyInstance, token: string) =>
  post(app, '/auth/refresh', undefined, { refresh_token: token });
const logout = (app: FastifyInstance, access?: string, refreshToken?: string) =>
  post(
    app,
    '/auth/logout',
    access === undefined ? undefined : `Bearer ${access}`,
    refreshToken === undefined ? undefined : { refresh_token: refreshToken },
  );

/** A pair, and the answer's body of refreshing it. */
async function renewedPair(app: FastifyInstance) {
  const first = await pair(app);
  const renewed = (await refresh(app, first.refresh)).body as Record<string, string>;
  return { first, renewed };
}

/** Asserts that neither token of a refresh answer works any more. */
async function expectEnded(app: FastifyInstance, renewed: Record<string, string>) {
  expect(await refresh(app, renewed.refresh_token ?? '')).toEqual(unauthorized);
  expect(await search(app, renewed.access_token ?? '')).toEqual(unauthorized);
}

/** Signs out with both tokens of a pair (204), and asserts that neither works any more. */
async function expectBothEnded(app: FastifyInstance, tokens: { access: string; refresh: string }) {
  expect(await logout(app, tokens.access, tokens.refresh)).toEqual(signedOut);
  expect(await search(app, tokens.access)).toEqual(unauthorized);
  expect(await refresh(app, tokens.refresh)).toEqual(unauthorized);
}

// Sign-out: POST /auth/logout ends a session's tokens, in the surface's own wire format.
describe.each(storeTargets)('Partium-style sign-out ($name)', (target) => {
  const ctx = useTestApp(target);

  it('ends both tokens given: each is refused from the next request', async () => {
    const { app } = ctx();
    const tokens = await pair(app);
    expect((await search(app, tokens.access)).status).toBe(200);
    await expectBothEnded(app, tokens);
  });

  it('with the refresh token alone, ends its family and the access tokens it issued', async () => {
    const { app } = ctx();
    const { first, renewed } = await renewedPair(app);
    expect(await logout(app, undefined, renewed.refresh_token)).toEqual(signedOut);
    await expectEnded(app, renewed);
    expect(await search(app, first.access)).toEqual(unauthorized);
  });

  it('with the access token alone, ends that token and no other', async () => {
    const { app } = ctx();
    const mine = await pair(app);
    const other = await pair(app);
    expect(await logout(app, mine.access)).toEqual(signedOut);
    expect(await search(app, mine.access)).toEqual(unauthorized);
    expect((await search(app, other.access)).status).toBe(200);
  });

  it('ends the session of an API key exchange, and leaves the key alone', async () => {
    const { app } = ctx();
    const tokens = await pair(app, `Bearer ${demoKey}`);
    await expectBothEnded(app, tokens);
    expect((await search(app, demoKey)).status).toBe(200);
  });

  it('is idempotent: signing out again, or with a spent, expired or unknown token, is 204', async () => {
    const { app, clock } = ctx();
    const tokens = await pair(app);
    expect(await logout(app, tokens.access, tokens.refresh)).toEqual(signedOut);
    expect(await logout(app, tokens.access, tokens.refresh)).toEqual(signedOut);
    expect(await logout(app, undefined, 'ghr_no-such-token')).toEqual(signedOut);
    const later = await pair(app);
    clock.advance(601);
    expect(await logout(app, later.access)).toEqual(signedOut);
  });

  it('with a spent refresh token, still ends the family it belongs to', async () => {
    const { app } = ctx();
    const { first, renewed } = await renewedPair(app);
    expect(await logout(app, undefined, first.refresh)).toEqual(signedOut);
    await expectEnded(app, renewed);
  });

  it("leaves another client's refresh token alone", async () => {
    const { app } = ctx();
    const native = await passwordRequest(app, 'dev@partium.example', 'demo-dev-pass');
    const { refresh_token } = native.json<Record<string, string>>();
    expect(await logout(app, undefined, refresh_token)).toEqual(signedOut);
    const renewed = await postToken(
      app,
      { grant_type: 'refresh_token', refresh_token: refresh_token ?? '' },
      backend,
    );
    expect(renewed.statusCode).toBe(200);
  });

  it.each([
    ['no token at all', undefined, undefined],
    ['an empty body', undefined, {}],
    ['a refresh_token that is not a string', undefined, { refresh_token: 42 }],
    ['an empty refresh_token', undefined, { refresh_token: '' }],
    ['Basic credentials', partiumDev, undefined],
    ['an API key for a bearer', `Bearer ${demoKey}`, undefined],
    ['a refresh token for a bearer', 'Bearer ghr_no-such-token', undefined],
  ])('answers %s with 400 invalid_request', async (_name, authorization, body) => {
    const { app } = ctx();
    expect(await post(app, '/auth/logout', authorization, body)).toEqual(invalidRequest);
  });

  it('keeps the API key a bearer named: it still works', async () => {
    const { app } = ctx();
    await post(app, '/auth/logout', `Bearer ${demoKey}`);
    expect((await search(app, demoKey)).status).toBe(200);
  });

  it('answers any other method with 405 and an Allow header', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/auth/logout' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.json()).toEqual({ type: 'method_not_allowed' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await ctx().app.inject(rawRequest('POST', '/auth/logout', 'text/plain', 'ghr_x'));
    expectJson(res, 415, { type: 'unsupported_media_type' });
  });
});
