import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { backend, partner, useTestApp } from '../helpers/app.js';
import { postToken } from '../helpers/requests.js';
import { accessTokenClaims, expectJson, expectTokens, oauthError } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';

const dev = { id: 'usr_partium_dev', email: 'dev@partium.example', password: 'demo-dev-pass' };
const viewer = { email: 'viewer@partium.example', password: 'demo-viewer-pass' };

const badCredentials = oauthError('invalid_grant', 'invalid username or password');
const notMember = oauthError('invalid_grant', 'the user is not a member of that organization');

type Ctx = ReturnType<typeof useTestApp>;

/** POST /oauth/token as the demo backend (or `client`), from `address`. */
function tokenRequest(
  ctx: Ctx,
  fields: Record<string, string>,
  { client = backend, address }: { client?: typeof backend; address?: string } = {},
) {
  return postToken(ctx().app, fields, client, address);
}

function passwordGrant(
  ctx: Ctx,
  username: string,
  password: string,
  extra: Record<string, string> = {},
  address?: string,
) {
  return tokenRequest(
    ctx,
    { grant_type: 'password', username, password, ...extra },
    address === undefined ? {} : { address },
  );
}

// RFC 6749 §4.3, for clients allowed it explicitly.
describe.each(storeTargets)('password grant ($name)', (target) => {
  const ctx = useTestApp(target);

  it("issues a user's token in the org the user joined first, with a refresh token", async () => {
    const { clock } = ctx();
    const res = await passwordGrant(ctx, dev.email, dev.password);
    const body = expectTokens(res, {
      refresh_token: expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/),
    });
    expect(decodeJwt(body.access_token)).toEqual(
      accessTokenClaims(clock, {
        sub: dev.id,
        client_id: backend.id,
        org: 'org_demo_parts',
        sub_type: 'user',
        roles: ['developer'],
      }),
    );
  });

  it('acts in the org named by org_id, with the role held there', async () => {
    const res = await passwordGrant(ctx, dev.email, dev.password, { org_id: 'org_second_parts' });
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().access_token)).toMatchObject({
      sub: dev.id,
      org: 'org_second_parts',
      sub_type: 'user',
      roles: ['member'],
    });
  });

  it('refuses an org_id of an org the user is not in, or that does not exist', async () => {
    for (const orgId of ['org_demo_retail', 'org_no_such_org']) {
      const res = await passwordGrant(ctx, dev.email, dev.password, { org_id: orgId });
      expectJson(res, 400, notMember);
    }
  });

  it('refuses a user who belongs to no org', async () => {
    const { services } = ctx();
    await services.users.create({ email: 'loner@example.com', password: 'loner-password' });
    const res = await passwordGrant(ctx, 'loner@example.com', 'loner-password');
    expectJson(res, 400, oauthError('invalid_grant', 'the user belongs to no organization'));
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await passwordGrant(ctx, viewer.email, 'not-the-password');
    const unknown = await passwordGrant(ctx, 'nobody@partium.example', viewer.password);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual(badCredentials);
    }
  });

  it('matches the username whatever its case and surrounding spaces', async () => {
    const res = await passwordGrant(ctx, '  Viewer@Partium.EXAMPLE ', viewer.password);
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().access_token)).toMatchObject({ sub: 'usr_partium_viewer' });
  });

  it('requires username and password', async () => {
    const none = await tokenRequest(ctx, { grant_type: 'password' });
    expectJson(none, 400, oauthError('invalid_request', 'missing parameter: username, password'));
    const empty = await tokenRequest(ctx, {
      grant_type: 'password',
      username: dev.email,
      password: '',
    });
    expectJson(empty, 400, oauthError('invalid_request', 'missing parameter: password'));
  });

  it('refuses a scope the client was not given', async () => {
    const res = await passwordGrant(ctx, dev.email, dev.password, { scope: 'orders:read' });
    expectJson(res, 400, oauthError('invalid_scope', 'scope not allowed: orders:read'));
  });

  it('is refused to a client not allowed it, before the password is checked', async () => {
    const res = await tokenRequest(
      ctx,
      { grant_type: 'password', username: dev.email, password: dev.password },
      { client: partner },
    );
    expectJson(
      res,
      400,
      oauthError('unauthorized_client', 'this client may not use the password grant'),
    );
  });
});

// users/login-throttle.ts: 5 failures lock an account, 20 lock an address, each for 900 s.
describe.each(storeTargets)('password grant throttling ($name)', (target) => {
  const ctx = useTestApp(target);

  async function fail(times: number, email = dev.email, address?: string) {
    for (let i = 0; i < times; i++) {
      const res = await passwordGrant(ctx, email, 'wrong-password', {}, address);
      expectJson(res, 400, badCredentials);
    }
  }

  it('locks an account after 5 failures, answering the right password like a wrong one', async () => {
    const { clock } = ctx();
    // Four failures do not lock, and a success starts the count again.
    await fail(4);
    expect((await passwordGrant(ctx, dev.email, dev.password)).statusCode).toBe(200);
    await fail(4);
    expect((await passwordGrant(ctx, dev.email, dev.password)).statusCode).toBe(200);

    await fail(5);
    const locked = await passwordGrant(ctx, dev.email, dev.password);
    expectJson(locked, 400, badCredentials);
    // The lock is the account's, however the username is written...
    const shouted = await passwordGrant(ctx, 'DEV@PARTIUM.EXAMPLE', dev.password);
    expect(shouted.json()).toEqual(badCredentials);
    // ...and only that account's.
    expect((await passwordGrant(ctx, viewer.email, viewer.password)).statusCode).toBe(200);

    clock.advance(899);
    expect((await passwordGrant(ctx, dev.email, dev.password)).json()).toEqual(badCredentials);
    clock.advance(1);
    const again = await passwordGrant(ctx, dev.email, dev.password);
    expect(again.statusCode).toBe(200);
    expect(decodeJwt(again.json().access_token)).toMatchObject({ sub: dev.id });
  });

  it('locks an address after 20 failures, whichever accounts they were for', async () => {
    const { clock } = ctx();
    clock.advance(1000);
    const address = '203.0.113.9';
    for (let i = 0; i < 20; i++) await fail(1, `stranger${i}@example.com`, address);

    const locked = await passwordGrant(ctx, dev.email, dev.password, {}, address);
    expectJson(locked, 400, badCredentials);
    // The same account from another address is not locked.
    const elsewhere = await passwordGrant(ctx, dev.email, dev.password, {}, '198.51.100.4');
    expect(elsewhere.statusCode).toBe(200);

    clock.advance(900);
    expect((await passwordGrant(ctx, dev.email, dev.password, {}, address)).statusCode).toBe(200);
  });
});
