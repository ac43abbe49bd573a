import { decodeProtectedHeader, decodeJwt, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { partner, useSecondInstance, useTestApp, type Instance } from '../helpers/app.js';
import { basicClientToken, introspection } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson } from '../helpers/replies.js';

const refused = {
  type: 'unauthorized',
  message: 'the access token is invalid, expired or revoked',
};

function issue(on: Instance): Promise<string> {
  return basicClientToken(on.app, partner);
}

function introspect(on: Instance, token: string): Promise<unknown> {
  return introspection(on.app, token, partner);
}

async function kids(on: Instance): Promise<Array<string | undefined>> {
  const res = await on.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  expect(res.statusCode).toBe(200);
  return (res.json() as { keys: JWK[] }).keys.map((key) => key.kid);
}

const listOrgs = (on: Instance, token: string) =>
  on.app.inject({ method: 'GET', url: '/v1/orgs', headers: { authorization: `Bearer ${token}` } });

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

// A signing key that leaked is withdrawn at once: its tokens, past and future, are refused on
// every instance within the deny list's sync, and it is no longer published.
describe.each(storeTargets)('signing key revocation ($name)', (target) => {
  const ctx = useTestApp(target);
  const instanceB = useSecondInstance(ctx);

  it('refuses at B, once synced, the tokens of the active key revoked at A', async () => {
    const a = ctx();
    const revokedKid = a.services.keys.active().kid;
    const token = await issue(a);
    expect(kidOf(token)).toBe(revokedKid);
    expect(await introspect(instanceB(), token)).toMatchObject({ active: true });

    a.clock.advance(1);
    const { active } = await a.services.keys.revoke(revokedKid);

    // A: refused at once, no longer published, and a new key signs.
    expect(active).not.toBe(revokedKid);
    expect(a.services.keys.active().kid).toBe(active);
    expect(await introspect(a, token)).toEqual({ active: false });
    expect(await kids(a)).not.toContain(revokedKid);
    expect(kidOf(await issue(a))).toBe(active);

    // B: after its next sync of the deny list (every second when serving).
    await instanceB().services.denyList.sync();
    expect(await introspect(instanceB(), token)).toEqual({ active: false });
    const res = await listOrgs(instanceB(), token);
    expectJson(res, 401, refused);
    expect(await kids(instanceB())).not.toContain(revokedKid);
    // B signs with the new key at once, not with the one it had loaded.
    const fromB = await issue(instanceB());
    expect(kidOf(fromB)).toBe(active);
    expect(await introspect(a, fromB)).toMatchObject({ active: true });
  });

  it('refuses a token signed with a revoked key after its revocation', async () => {
    const a = ctx();
    const leaked = a.services.keys.active();
    const genuine = decodeJwt(await issue(a));
    a.clock.advance(1);
    await a.services.keys.revoke(leaked.kid);
    a.clock.advance(1);

    // Whoever holds the leaked key mints a fresh token, issued after the revocation.
    const forged = await new SignJWT({ ...genuine, iat: a.clock.now(), jti: 'at_forged' })
      .setProtectedHeader({ alg: leaked.alg, typ: 'at+jwt', kid: leaked.kid })
      .sign(leaked.privateKey);
    expect(await introspect(a, forged)).toEqual({ active: false });
    await instanceB().services.denyList.sync();
    expect(await introspect(instanceB(), forged)).toEqual({ active: false });
  });

  it('keeps the active key when a retired one is revoked', async () => {
    const a = ctx();
    const retiring = a.services.keys.active().kid;
    a.clock.advance(1);
    const current = await a.services.keys.rotate();
    const token = await issue(a);
    expect(await kids(a)).toContain(retiring);

    expect(await a.services.keys.revoke(retiring)).toEqual({ kid: retiring, active: current });
    expect(a.services.keys.active().kid).toBe(current);
    expect(await kids(a)).not.toContain(retiring);
    expect(await introspect(a, token)).toMatchObject({ active: true });
  });

  it('says which kid it does not know', async () => {
    await expect(ctx().services.keys.revoke('no-such-kid')).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no signing key no-such-kid',
    });
  });
});
