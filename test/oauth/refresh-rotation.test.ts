import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { backend, form, useTestApp } from '../helpers/app.js';
import { introspectRequest, passwordRequest, postToken } from '../helpers/requests.js';
import { badRefreshToken, expectJson, expectTokens, oauthError } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';

const spent = badRefreshToken;

// RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2).
describe.each(storeTargets)('refresh token rotation ($name)', (target) => {
  const ctx = useTestApp(target);

  const token = (fields: Record<string, string>) => postToken(ctx().app, fields, backend);
  const refresh = (refreshToken: string) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const introspect = async (value: string, client = backend) =>
    (await introspectRequest(ctx().app, value, client)).json();

  async function signIn(): Promise<{ access_token: string; refresh_token: string }> {
    const res = await passwordRequest(ctx().app, 'dev@partium.example', 'demo-dev-pass');
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('replaces the pair and refuses the old refresh token', async () => {
    const first = await signIn();
    const res = await refresh(first.refresh_token);
    const second = expectTokens(res, {
      refresh_token: expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/),
    });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await introspect(second.refresh_token)).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      sub: 'usr_partium_dev',
      org: 'org_demo_parts',
    });

    const again = await refresh(first.refresh_token);
    expectJson(again, 400, spent);
  });

  it('revokes the whole family when a spent token is replayed', async () => {
    const first = await signIn();
    const second = (await refresh(first.refresh_token)).json();
    expect((await introspect(second.access_token)).active).toBe(true);

    expect((await refresh(first.refresh_token)).json()).toEqual(spent);

    // The new refresh token and the access token issued with it die with the family.
    const res = await refresh(second.refresh_token);
    expectJson(res, 400, spent);
    expect(await introspect(second.access_token)).toEqual({ active: false });
    expect(await introspect(second.refresh_token)).toEqual({ active: false });
  });

  it('lets at most one of 50 concurrent refreshes with one token succeed', async () => {
    ctx().clock.advance(1);
    const started = ctx().clock.now();
    const first = await signIn();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => refresh(first.refresh_token)),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 400)).toBe(true);
    for (const r of results.filter((r) => r.statusCode === 400)) expect(r.json()).toEqual(spent);

    // The losers were replays, so the family is revoked: no pair from the race lives on.
    for (const r of results.filter((r) => r.statusCode === 200)) {
      const pair = r.json();
      expect(await introspect(pair.refresh_token)).toEqual({ active: false });
      expect(await introspect(pair.access_token)).toEqual({ active: false });
    }
    const rows = await ctx()
      .services.db.selectFrom('refresh_tokens')
      .innerJoin('refresh_families', 'refresh_families.id', 'refresh_tokens.family_id')
      .select(['refresh_tokens.used_at', 'refresh_families.revoked_at'])
      .where('refresh_families.created_at', '>=', started)
      .where('refresh_families.revoked_at', 'is', null)
      .where('refresh_tokens.used_at', 'is', null)
      .execute();
    expect(rows).toEqual([]);
  });

  it('spends nothing on a refused scope: the retry succeeds and the family lives on', async () => {
    const first = await signIn();
    const refused = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      scope: 'reed',
    });
    expectJson(refused, 400, oauthError('invalid_scope', 'scope not allowed: reed'));
    expect(await introspect(first.refresh_token)).toMatchObject({ active: true });
    expect((await introspect(first.access_token)).active).toBe(true);

    const retried = await refresh(first.refresh_token);
    expect(retried.statusCode).toBe(200);
    const second = retried.json();
    expect(await introspect(second.refresh_token)).toMatchObject({ active: true });
    expect((await refresh(second.refresh_token)).statusCode).toBe(200);
  });

  it("narrows the access token on refresh; the refresh token keeps the grant's scope", async () => {
    const { client, secret } = await ctx().services.clients.create({
      orgId: 'org_demo_parts',
      name: 'catalogue app',
      grantTypes: ['password', 'refresh_token'],
      scopes: ['parts:read', 'parts:write'],
    });
    const app = { id: client.id, secret: secret ?? '' };
    const post = (fields: Record<string, string>) => postToken(ctx().app, fields, app);
    const signedIn = await post({
      grant_type: 'password',
      username: 'dev@partium.example',
      password: 'demo-dev-pass',
    });
    expect(signedIn.json()).toMatchObject({ scope: 'parts:read parts:write' });

    // RFC 6749 §6: a narrower scope for this access token only.
    const refreshFor = (refreshToken: string, scope?: string) =>
      post({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        ...(scope === undefined ? {} : { scope }),
      });
    const narrowed = await refreshFor(signedIn.json().refresh_token, 'parts:read');
    expect(narrowed.statusCode).toBe(200);
    expect(narrowed.json()).toMatchObject({ scope: 'parts:read' });
    expect(decodeJwt(narrowed.json().access_token)).toMatchObject({ scope: 'parts:read' });
    expect(await introspect(narrowed.json().refresh_token, app)).toMatchObject({
      active: true,
      scope: 'parts:read parts:write',
    });

    // The next refresh may ask for the scope it left out, or take the whole grant.
    const widened = await refreshFor(narrowed.json().refresh_token, 'parts:write');
    expect(widened.statusCode).toBe(200);
    expect(widened.json()).toMatchObject({ scope: 'parts:write' });
    const whole = await refreshFor(widened.json().refresh_token);
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toMatchObject({ scope: 'parts:read parts:write' });
  });

  it('refuses a refresh token presented by another client', async () => {
    const first = await signIn();
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/oauth/token',
      ...form({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        client_id: 'partner_demo_client',
        client_secret: 'partner_demo_secret_4b7e9a2c',
      }),
    });
    expectJson(
      res,
      400,
      oauthError('unauthorized_client', 'this client may not use the refresh_token grant'),
    );
    // The rightful client can still use it: a stranger's attempt spends nothing.
    expect((await refresh(first.refresh_token)).statusCode).toBe(200);
  });

  it('refuses an expired refresh token', async () => {
    const first = await signIn();
    ctx().clock.advance(30 * 86_400 + 1);
    const res = await refresh(first.refresh_token);
    expectJson(res, 400, spent);
  });
});
