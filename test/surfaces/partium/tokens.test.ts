import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { storeTargets } from '../../helpers/targets.js';
import { demoKey, post, unauthorized } from './support.js';

const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
const dev = basic('dev@partium.example', 'demo-dev-pass');
const viewer = basic('viewer@partium.example', 'demo-viewer-pass');

async function pair(app: FastifyInstance, authorization: string, body?: unknown) {
  const res = await post(app, '/auth', authorization, body);
  const { access_token, refresh_token } = res.body as Record<string, string>;
  if (access_token === undefined || refresh_token === undefined) throw new Error('no pair');
  return { access: access_token, refresh: refresh_token };
}

const search = (app: FastifyInstance, credential: string, query = '') =>
  post(app, '/1/find/search', `Bearer ${credential}`, { query });
const refresh = (app: FastifyInstance, token: string) =>
  post(app, '/auth/refresh', undefined, { refresh_token: token });

describe.each(storeTargets)('Partium-style tokens ($name)', (target) => {
  const ctx = useTestApp(target);

  it('expires an access token after expires_in; its refresh token still works', async () => {
    const { app, clock } = ctx();
    const tokens = await pair(app, viewer);
    clock.advance(599);
    expect((await search(app, tokens.access)).status).toBe(200);
    clock.advance(2);
    expect(await search(app, tokens.access)).toEqual(unauthorized);
    const renewed = await refresh(app, tokens.refresh);
    expect(renewed.status).toBe(200);
    const { access_token } = renewed.body as Record<string, string>;
    expect((await search(app, access_token ?? '')).status).toBe(200);
  });

  it('rotates, and a replay revokes the family and its live access tokens', async () => {
    const { app } = ctx();
    const first = await pair(app, dev);
    const second = await refresh(app, first.refresh);
    expect(second.status).toBe(200);
    const next = second.body as Record<string, string>;
    expect(await refresh(app, first.refresh)).toEqual(unauthorized);
    expect(await refresh(app, next.refresh_token ?? '')).toEqual(unauthorized);
    expect(await search(app, next.access_token ?? '')).toEqual(unauthorized);
    expect(await search(app, first.access)).toEqual(unauthorized);
  });

  it('spends a refresh token once; racing copies are a replay and revoke the family', async () => {
    const { app } = ctx();
    const tokens = await pair(app, dev);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => refresh(app, tokens.refresh)),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(answers.length - won.length);
    for (const answer of won) {
      const next = answer.body as Record<string, string>;
      expect(await refresh(app, next.refresh_token ?? '')).toEqual(unauthorized);
    }
  });

  it('refuses to refresh for a user who left the org', async () => {
    const { app, services } = ctx();
    const email = 'leaver@partium.example';
    const user = await services.users.create({ email, password: 'leaver-pass-1' });
    await services.users.addToOrg(user.id, 'org_demo_parts', 'member');
    const tokens = await pair(app, basic(email, 'leaver-pass-1'));
    await services.db
      .deleteFrom('memberships')
      .where('user_id', '=', user.id)
      .where('org_id', '=', 'org_demo_parts')
      .execute();
    expect(await refresh(app, tokens.refresh)).toEqual(unauthorized);
  });

  it('refuses a refresh token issued to another client', async () => {
    const { app } = ctx();
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: basic('gatehouse_demo_backend', 'gatehouse_demo_backend_secret_1f7d'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=password&username=dev%40partium.example&password=demo-dev-pass',
    });
    const { refresh_token } = res.json<Record<string, string>>();
    expect(refresh_token).toMatch(/^ghr_/);
    expect(await refresh(app, refresh_token ?? '')).toEqual(unauthorized);
  });

  it('creates and revokes a key; the revoked key and its tokens are refused at once', async () => {
    const { app } = ctx();
    const devTokens = await pair(app, dev);
    const created = await post(app, '/1/api-keys', `Bearer ${devTokens.access}`, { name: 'k' });
    expect(created.status).toBe(201);
    const { id, api_key } = created.body as Record<string, string>;
    const keyTokens = await pair(app, `Bearer ${api_key ?? ''}`);
    const res = await app.inject({
      method: 'DELETE',
      url: `/1/api-keys/${id ?? ''}`,
      headers: { authorization: `Bearer ${devTokens.access}` },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await search(app, api_key ?? '')).toEqual(unauthorized);
    expect(await search(app, keyTokens.access)).toEqual(unauthorized);
    expect(await refresh(app, keyTokens.refresh)).toEqual(unauthorized);
    expect((await search(app, demoKey)).status).toBe(200);
  });

  it("caps the tokens of an API key exchange, refreshes included, at the key's expiry", async () => {
    const { app, services, clock } = ctx();
    const start = clock.now();
    const { secret } = await services.apiKeys.create({
      orgId: 'org_demo_parts',
      name: 'five seconds',
      role: 'member',
      expiresAt: start + 5,
    });
    const exchanged = await post(app, '/auth', `Bearer ${secret}`);
    expect(exchanged).toEqual({
      status: 200,
      body: {
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 5,
      },
    });
    const first = exchanged.body as Record<string, string>;
    expect(decodeJwt(first.access_token ?? '')).toMatchObject({ exp: start + 5 });

    clock.advance(2);
    const renewed = await refresh(app, first.refresh_token ?? '');
    expect(renewed).toMatchObject({ status: 200, body: { expires_in: 3 } });
    const second = renewed.body as Record<string, string>;
    expect(decodeJwt(second.access_token ?? '')).toMatchObject({ exp: start + 5 });
    expect((await search(app, second.access_token ?? '')).status).toBe(200);

    clock.advance(3);
    expect(await search(app, secret)).toEqual(unauthorized);
    expect(await search(app, second.access_token ?? '')).toEqual(unauthorized);
    expect(await refresh(app, second.refresh_token ?? '')).toEqual(unauthorized);
  });

  it('keeps each org to its own parts', async () => {
    const { app } = ctx();
    const second = await pair(app, dev, { organization_id: 'org_second_parts' });
    const ids = async (credential: string) =>
      ((await search(app, credential)).body as { results: Array<{ id: string }> }).results.map(
        (part) => part.id,
      );
    expect(await ids(second.access)).toEqual(['prt_second_brake_disc']);
    expect(await ids(demoKey)).not.toContain('prt_second_brake_disc');
    expect(await ids(demoKey)).toHaveLength(5);
  });
});
