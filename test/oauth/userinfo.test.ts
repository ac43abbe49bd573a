import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { basic, form, useTestApp } from '../helpers/app.js';
import {
  accessTokenOf,
  bearerRequest,
  partiumAccessToken,
  partiumDev,
  passwordToken,
  postForm,
  postToken,
} from '../helpers/requests.js';
import { oauthError } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';
import { dev, issueCode, redeem, spa } from './code-grant-support.js';

const realm = 'Bearer realm="gatehouse"';
const invalidToken = 'the access token is invalid, expired or revoked';
const notForAPerson = 'the access token was not issued for a person';
const noToken = oauthError('invalid_token', 'the request carries no Bearer access token');

/** Asserts an answer's status, whole body and challenge, and that it is not cached. */
function expectChallenged(
  res: LightMyRequestResponse,
  status: number,
  body: { error: string; error_description: string },
  challenge: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toEqual(body);
  expect(res.headers['www-authenticate']).toBe(challenge);
  expect(res.headers['cache-control']).toBe('no-store');
}

/** Asserts a refusal of a request that presented a token (RFC 6750 §3): the challenge names it. */
function expectRefusal(
  res: LightMyRequestResponse,
  status: number,
  error: string,
  description: string,
  more = '',
) {
  const challenge = `${realm}, error="${error}", error_description="${description}"${more}`;
  expectChallenged(res, status, oauthError(error, description), challenge);
}

/** The refusal of an invalid, expired or revoked token, or one for another API. */
const expectInvalidToken = (res: LightMyRequestResponse, description = invalidToken) =>
  expectRefusal(res, 401, 'invalid_token', description);

// OpenID Connect Core §5.3 with RFC 6750's ways of sending the token and its errors.
describe.each(storeTargets)('GET and POST /oauth/userinfo ($name)', (target) => {
  const ctx = useTestApp(target);

  /** The SPA's access token for dev, with `scopes`, from a redeemed code. */
  const tokenWith = async (scopes: string[]) =>
    accessTokenOf(redeem(ctx().app, { code: await issueCode(ctx(), { scopes }) }));
  const get = (token: string) => bearerRequest(ctx().app, 'GET', '/oauth/userinfo', token);

  it.each([
    ['openid profile email', { name: dev.email, email: dev.email }],
    ['openid profile', { name: dev.email }],
    ['openid email', { email: dev.email }],
    ['openid', {}],
  ])("answers a token with %s with the person's claims", async (scope, claims) => {
    const res = await get(await tokenWith(scope.split(' ')));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    expect(res.json()).toEqual({ sub: dev.id, ...claims });
  });

  it('answers a POST with the token in the Authorization header', async () => {
    const res = await bearerRequest(
      ctx().app,
      'POST',
      '/oauth/userinfo',
      await tokenWith(['openid']),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sub: dev.id });
  });

  // RFC 6750 §2.2: the form-encoded body parameter, for a POST.
  it('answers a POST with the token as access_token in a form body', async () => {
    const token = await tokenWith(['openid', 'email']);
    const res = await postForm(ctx().app, '/oauth/userinfo', { access_token: token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sub: dev.id, email: dev.email });
  });

  it('refuses a request with no token with the challenge alone (RFC 6750 §3.1)', async () => {
    const token = await tokenWith(['openid']);
    for (const request of [
      { method: 'GET' as const, url: '/oauth/userinfo' },
      { method: 'POST' as const, url: '/oauth/userinfo' },
      // The query is no way to send a token here (RFC 6750 §2.3, RFC 9700 §4.3.2).
      { method: 'GET' as const, url: `/oauth/userinfo?access_token=${token}` },
      {
        method: 'GET' as const,
        url: '/oauth/userinfo',
        headers: { authorization: basic(spa.id, 'x') },
      },
      { method: 'POST' as const, url: '/oauth/userinfo', ...form({ access_token: '' }) },
    ]) {
      expectChallenged(await ctx().app.inject(request), 401, noToken, realm);
    }
  });

  it('refuses a token sent two ways at once (RFC 6750 §2)', async () => {
    const token = await tokenWith(['openid']);
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/oauth/userinfo',
      ...form({ access_token: token }),
      headers: { ...form({}).headers, authorization: `Bearer ${token}` },
    });
    const message = 'the access token must be sent one way only';
    expectRefusal(res, 400, 'invalid_request', message);
  });

  it('refuses a token that is not one of ours', async () => {
    for (const token of ['not-a-token', 'eyJhbGciOiJub25lIn0.e30.x']) {
      expectInvalidToken(await get(token));
    }
  });

  it('refuses a token once it has expired', async () => {
    const token = await tokenWith(['openid']);
    ctx().clock.advance(600);
    expectInvalidToken(await get(token));
  });

  it('refuses a token revoked by its client (RFC 7009)', async () => {
    const token = await tokenWith(['openid']);
    const revoked = await postForm(ctx().app, '/oauth/revoke', { token, client_id: spa.id });
    expect(revoked.statusCode).toBe(200);
    expectInvalidToken(await get(token));
  });

  it("refuses a token for another API (a Partium-style login's)", async () => {
    const token = await partiumAccessToken(ctx().app, partiumDev);
    expectInvalidToken(await get(token));
  });

  it('refuses a token without the openid scope as insufficient_scope', async () => {
    const message = 'the access token lacks the openid scope';
    const fromCode = await tokenWith(['profile', 'email']);
    const fromPassword = await passwordToken(ctx().app, dev.email, 'demo-dev-pass');
    for (const token of [fromCode, fromPassword]) {
      expectRefusal(await get(token), 403, 'insufficient_scope', message, ', scope="openid"');
    }
  });

  it("refuses a client's own token, even with the openid scope", async () => {
    const { client, secret } = await ctx().services.clients.create({
      orgId: dev.orgId,
      name: 'machine',
      grantTypes: ['client_credentials'],
      scopes: ['openid'],
    });
    const token = await accessTokenOf(
      postToken(
        ctx().app,
        { grant_type: 'client_credentials' },
        { id: client.id, secret: secret ?? '' },
      ),
    );
    expectInvalidToken(await get(token), notForAPerson);
  });

  it('refuses access_token repeated in a form body', async () => {
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/oauth/userinfo',
      headers: form({}).headers,
      payload: 'access_token=a&access_token=b',
    });
    const message = 'parameter access_token must not be repeated';
    expectRefusal(res, 400, 'invalid_request', message);
  });
});
