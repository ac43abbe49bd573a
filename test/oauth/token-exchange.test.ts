import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { backend, basic, form, partner, useTestApp } from '../helpers/app.js';
import { postToken } from '../helpers/requests.js';
import {
  accessTokenClaims,
  badRefreshToken,
  expectJson,
  expectTokens,
  oauthError,
} from '../helpers/replies.js';
import { orgWithKey } from '../helpers/records.js';
import { storeTargets } from '../helpers/targets.js';

const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const apiKeyType = 'urn:gatehouse:params:oauth:token-type:api-key';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
/** The sandbox key of Demo Parts Co (docs/sandbox.md), role member. */
const partiumKey = { id: 'key_partium_demo', secret: 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f' };

const badKey = oauthError('invalid_grant', 'the API key is invalid, expired or revoked');

// RFC 8693 token exchange of an API key for an access token (oauth/grants/token_exchange.ts).
describe.each(storeTargets)('API key token exchange ($name)', (target) => {
  const ctx = useTestApp(target);

  const token = (fields: Record<string, string>, client = backend) =>
    postToken(ctx().app, fields, client);
  const exchange = (subjectToken: string, extra: Record<string, string> = {}) =>
    token({
      grant_type: tokenExchange,
      subject_token: subjectToken,
      subject_token_type: apiKeyType,
      ...extra,
    });

  const newKey = (expiresAt?: number) =>
    orgWithKey(
      ctx().services,
      { name: 'Exchange Co' },
      expiresAt === undefined ? {} : { expiresAt },
    );

  it('exchanges an API key for an access token acting as the key, and a refresh token', async () => {
    const { clock } = ctx();
    const res = await exchange(partiumKey.secret);
    const body = expectTokens(res, {
      refresh_token: expect.stringMatching(/^ghr_/),
      issued_token_type: accessTokenType,
    });
    expect(decodeJwt(body.access_token)).toEqual(
      accessTokenClaims(clock, {
        sub: partiumKey.id,
        client_id: backend.id,
        org: 'org_demo_parts',
        sub_type: 'api_key',
        roles: ['member'],
      }),
    );
  });

  it('acts in the org of the key, not of the client', async () => {
    const key = await newKey();
    const res = await exchange(key.secret);
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().access_token)).toMatchObject({
      sub: key.id,
      sub_type: 'api_key',
      org: key.orgId,
      roles: ['developer'],
      client_id: backend.id,
    });
  });

  it('accepts requested_token_type access_token, and nothing else', async () => {
    const ok = await exchange(partiumKey.secret, { requested_token_type: accessTokenType });
    expect(ok.statusCode).toBe(200);
    const refresh = await exchange(partiumKey.secret, {
      requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token',
    });
    expectJson(
      refresh,
      400,
      oauthError('invalid_request', `requested_token_type must be ${accessTokenType}`),
    );
  });

  it('refuses any other subject_token_type', async () => {
    const res = await exchange(partiumKey.secret, { subject_token_type: accessTokenType });
    expectJson(res, 400, oauthError('invalid_request', `subject_token_type must be ${apiKeyType}`));
  });

  it('requires subject_token and subject_token_type', async () => {
    const noToken = await token({ grant_type: tokenExchange, subject_token_type: apiKeyType });
    expectJson(noToken, 400, oauthError('invalid_request', 'missing parameter: subject_token'));
    const neither = await token({ grant_type: tokenExchange });
    const missingBoth = 'missing parameter: subject_token, subject_token_type';
    expectJson(neither, 400, oauthError('invalid_request', missingBoth));
  });

  it('refuses a revoked key', async () => {
    const { services } = ctx();
    const key = await newKey();
    expect((await exchange(key.secret)).statusCode).toBe(200);
    await services.apiKeys.revoke(key.orgId, key.id, 'operator');
    const res = await exchange(key.secret);
    expectJson(res, 400, badKey);
  });

  it('refuses an expired key', async () => {
    const { clock } = ctx();
    const key = await newKey(clock.now() + 60);
    expect((await exchange(key.secret)).statusCode).toBe(200);
    clock.advance(60);
    const res = await exchange(key.secret);
    expectJson(res, 400, badKey);
  });

  it("caps every token it issues, refreshes included, at the key's expiry", async () => {
    const { services, clock } = ctx();
    const start = clock.now();
    const key = await newKey(start + 5);
    // A client of the key's org whose own access tokens live a day.
    const { client, secret } = await services.clients.create({
      orgId: key.orgId,
      name: 'long-lived tokens',
      grantTypes: [tokenExchange, 'refresh_token'],
      accessTokenTtl: 86_400,
    });
    const app = { id: client.id, secret: secret ?? '' };
    const introspect = async (value: string) =>
      (
        await ctx().app.inject({
          method: 'POST',
          url: '/oauth/introspect',
          ...form({ token: value }),
          headers: { ...form({}).headers, authorization: basic(app.id, app.secret) },
        })
      ).json();

    const exchanged = await token(
      { grant_type: tokenExchange, subject_token: key.secret, subject_token_type: apiKeyType },
      app,
    );
    expect(exchanged.statusCode).toBe(200);
    const first = exchanged.json();
    expect(first.expires_in).toBe(5);
    expect(decodeJwt(first.access_token)).toMatchObject({ iat: start, exp: start + 5 });
    expect(await introspect(first.refresh_token)).toMatchObject({ active: true, exp: start + 5 });

    clock.advance(2);
    const refreshed = await token(
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      app,
    );
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json();
    expect(second.expires_in).toBe(3);
    expect(decodeJwt(second.access_token)).toMatchObject({ exp: start + 5 });
    expect(await introspect(second.refresh_token)).toMatchObject({ active: true, exp: start + 5 });

    // The key expires: so does everything that came from it.
    clock.advance(3);
    expect((await exchange(key.secret)).json()).toEqual(badKey);
    expect(await introspect(second.access_token)).toEqual({ active: false });
    expect(await introspect(second.refresh_token)).toEqual({ active: false });
    const late = await token(
      { grant_type: 'refresh_token', refresh_token: second.refresh_token },
      app,
    );
    expectJson(late, 400, badRefreshToken);
  });

  it("carries only the scopes the key's org still defines, after the org narrowed them", async () => {
    const { services } = ctx();
    const org = await services.orgs.create({
      name: 'Narrowed Co',
      scopes: ['parts:read', 'parts:write'],
    });
    const { secret } = await services.apiKeys.create({
      orgId: org.id,
      name: 'ci',
      role: 'member',
      scopes: ['parts:read', 'parts:write'],
    });
    const created = await services.clients.create({
      orgId: org.id,
      name: 'narrowed backend',
      grantTypes: [tokenExchange, 'refresh_token'],
      scopes: ['parts:read', 'parts:write'],
    });
    const client = { id: created.client.id, secret: created.secret ?? '' };
    const subject = { subject_token: secret, subject_token_type: apiKeyType };
    const before = await token({ grant_type: tokenExchange, ...subject }, client);
    expect(before.json()).toMatchObject({ scope: 'parts:read parts:write' });

    await services.orgs.setScopes(org.id, ['parts:read']);
    const res = await token({ grant_type: tokenExchange, ...subject }, client);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'parts:read' });
    expect(decodeJwt(res.json<{ access_token: string }>().access_token).scope).toBe('parts:read');
    // A family started before the org narrowed its scopes is narrowed too.
    const refreshed = await token(
      {
        grant_type: 'refresh_token',
        refresh_token: before.json<{ refresh_token: string }>().refresh_token,
      },
      client,
    );
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ scope: 'parts:read' });
  });

  it('refuses junk, a near miss of a real key, and a well-formed key that does not exist', async () => {
    const real = partiumKey.secret;
    const nearMiss = real.slice(0, -1) + (real.endsWith('f') ? 'e' : 'f');
    const unknownNative = 'gh_' + 'A'.repeat(30);
    const unknownForeign = 'partium_demo_key_00000000000000000000';
    for (const junk of ['junk', nearMiss, unknownNative, unknownForeign]) {
      const res = await exchange(junk);
      expectJson(res, 400, badKey);
    }
  });

  it('stops refreshing the tokens of a key once it is revoked', async () => {
    const { services } = ctx();
    const key = await newKey();
    const first = (await exchange(key.secret)).json();
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refreshed.statusCode).toBe(200);
    expect(decodeJwt(refreshed.json().access_token)).toMatchObject({
      sub: key.id,
      sub_type: 'api_key',
      org: key.orgId,
    });

    // Revoking the key revokes the refresh token families issued from it.
    await services.apiKeys.revoke(key.orgId, key.id, 'operator');
    const res = await token({
      grant_type: 'refresh_token',
      refresh_token: refreshed.json().refresh_token,
    });
    expectJson(res, 400, badRefreshToken);
  });

  it('is refused to a client not allowed it', async () => {
    const res = await token(
      {
        grant_type: tokenExchange,
        subject_token: partiumKey.secret,
        subject_token_type: apiKeyType,
      },
      partner,
    );
    expectJson(
      res,
      400,
      oauthError('unauthorized_client', `this client may not use the ${tokenExchange} grant`),
    );
  });
});
