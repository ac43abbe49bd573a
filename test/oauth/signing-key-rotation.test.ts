import { decodeProtectedHeader, type JWK } from 'jose';
import { createLogger } from '../../src/http/logger.js';
import { buildServer } from '../../src/http/server.js';
import { createServices } from '../../src/services.js';
import { describe, expect, it } from 'vitest';
import type { SigningAlgorithm } from '../../src/config.js';
import {
  partner,
  useSecondInstance,
  useTestApp,
  type Instance,
  type TestApp,
} from '../helpers/app.js';
import { basicClientToken, bearerRequest, introspection } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';

/** How long a retired key stays published (signing-keys.ts), past any access token's life. */
const retiredKeepSeconds = 2 * 86_400;

function issue(on: Instance): Promise<string> {
  return basicClientToken(on.app, partner);
}

function introspect(on: Instance, token: string): Promise<unknown> {
  return introspection(on.app, token, partner);
}

async function jwks(on: Instance): Promise<JWK[]> {
  const res = await on.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  expect(res.statusCode).toBe(200);
  return (res.json() as { keys: JWK[] }).keys;
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const kids = async (on: Instance) => (await jwks(on)).map((key) => key.kid);

describe.each(storeTargets)('signing key rotation ($name)', (target) => {
  const ctx = useTestApp(target);

  /** Rotates a second later than anything before, so that keys sort by creation. */
  async function rotate({ services, clock }: TestApp): Promise<string> {
    clock.advance(1);
    return services.keys.rotate();
  }

  it('signs new tokens with the new key and publishes it before the old one', async () => {
    const a = ctx();
    const oldKid = a.services.keys.active().kid;
    const before = await kids(a);
    expect(before[0]).toBe(oldKid);
    const oldToken = await issue(a);
    expect(kidOf(oldToken)).toBe(oldKid);

    const newKid = await rotate(a);
    expect(newKid).not.toBe(oldKid);
    expect(a.services.keys.active().kid).toBe(newKid);
    const newToken = await issue(a);
    expect(decodeProtectedHeader(newToken)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: newKid });

    const published = await jwks(a);
    expect(published.map((key) => key.kid)).toEqual([newKid, ...before]);
    expect(published[0]).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: newKid,
      alg: 'ES256',
      use: 'sig',
    });
    // Only public parts are ever published.
    for (const key of published) expect(key).not.toHaveProperty('d');

    for (const token of [oldToken, newToken]) {
      expect(await introspect(a, token)).toMatchObject({ active: true, sub: partner.id });
    }
  });

  it("accepts the old key's tokens until they expire, and then not", async () => {
    const a = ctx();
    const oldToken = await issue(a);
    await rotate(a);
    a.clock.advance(598); // one second of the 600 went to the rotation
    expect(await introspect(a, oldToken)).toMatchObject({ active: true });
    const res = await bearerRequest(a.app, 'GET', '/v1/orgs', oldToken);
    // Verified: refused as a client's token, not as an invalid one.
    expect(res.statusCode).toBe(403);

    a.clock.advance(1);
    expect(await introspect(a, oldToken)).toEqual({ active: false });
  });

  it('stops publishing a retired key two days after it was retired', async () => {
    const a = ctx();
    const retiring = await rotate(a);
    const current = await rotate(a); // retires `retiring`, now
    expect((await kids(a)).slice(0, 2)).toEqual([current, retiring]);

    a.clock.advance(retiredKeepSeconds - 1);
    const next = await a.services.keys.rotate(); // one second short of two days: it stays
    expect((await kids(a)).slice(0, 3)).toEqual([next, current, retiring]);

    a.clock.advance(1);
    const last = await a.services.keys.rotate(); // two days: it goes
    expect(await kids(a)).toEqual([last, next, current]);
  });

  describe('with a second instance over the same store', () => {
    const instanceB = useSecondInstance(ctx);

    it('verifies at B the tokens A signs with a key B has not loaded yet', async () => {
      const a = ctx();
      const newKid = await rotate(a);
      a.clock.advance(5);
      const token = await issue(a);
      expect(kidOf(token)).toBe(newKid);
      expect(await introspect(instanceB(), token)).toMatchObject({ active: true });
    });

    // A rotation made elsewhere (another instance, `gatehouse signing-keys rotate`) reaches
    // B within the reload interval of signing-keys.ts, without a restart.
    it('makes B sign with a key rotated elsewhere', async () => {
      const a = ctx();
      const newKid = await rotate(a);
      a.clock.advance(5);
      const token = await issue(instanceB());
      expect(kidOf(token)).toBe(newKid);
      expect(await introspect(a, token)).toMatchObject({ active: true });
    });

    it('makes B publish a key rotated elsewhere', async () => {
      const a = ctx();
      const before = await kids(instanceB());
      const newKid = await rotate(a);
      a.clock.advance(5);
      expect(await kids(instanceB())).toEqual([newKid, ...before]);
    });
  });
});

// Every supported algorithm rotates the same way.
const algorithms: Array<{ alg: SigningAlgorithm; kty: string }> = [
  { alg: 'RS256', kty: 'RSA' },
  { alg: 'EdDSA', kty: 'OKP' },
];
describe.each(algorithms)('signing key rotation with $alg', ({ alg, kty }) => {
  const [sqlite] = storeTargets;
  if (sqlite === undefined) throw new Error('no store target');
  const ctx = useTestApp(sqlite, { signingAlg: alg });

  it('signs with the new key and still accepts the old one', async () => {
    const a = ctx();
    const oldToken = await issue(a);
    a.clock.advance(1);
    const newKid = await a.services.keys.rotate();
    const newToken = await issue(a);
    expect(decodeProtectedHeader(newToken)).toEqual({ alg, typ: 'at+jwt', kid: newKid });
    expect((await jwks(a)).map((key) => [key.kid, key.kty, key.alg])).toEqual([
      [newKid, kty, alg],
      [kidOf(oldToken), kty, alg],
    ]);
    for (const token of [oldToken, newToken]) {
      expect(await introspect(a, token)).toMatchObject({ active: true });
    }
  });
});

// A rolling restart that changes SIGNING_ALG: the first restarted instance makes a key of the
// new algorithm active and retires the old one; instances not yet restarted go on issuing.
describe.each(storeTargets)('signing algorithm changed by another instance ($name)', (target) => {
  const ctx = useTestApp(target);

  it('lets an old instance keep signing with its key, which the new one accepts', async () => {
    const a = ctx();
    const oldKid = a.services.keys.active().kid;
    const restarted = await createServices({
      config: { ...a.services.config, signingAlg: 'EdDSA' },
      db: a.services.db,
      clock: a.clock,
    });
    const b = { app: await buildServer(restarted, createLogger('silent')), services: restarted };
    try {
      expect(b.services.keys.active().kid).not.toBe(oldKid);
      a.clock.advance(5);
      const fromA = await issue(a);
      expect(decodeProtectedHeader(fromA)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: oldKid });
      expect(await introspect(b, fromA)).toMatchObject({ active: true });
      const fromB = await issue(b);
      expect(decodeProtectedHeader(fromB)).toMatchObject({ alg: 'EdDSA' });
      expect(await introspect(a, fromB)).toMatchObject({ active: true });
    } finally {
      await b.app.close();
    }
  });
});
