import { calculateJwkThumbprint, jwtVerify, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeSecretKey, maxAccessTokenTtl, type SigningAlgorithm } from '../../src/config.js';
import { createSealer, SealError } from '../../src/lib/sealing.js';
import { createDenyList, type DenyList } from '../../src/oauth/deny-list.js';
import { createSigningKeyService, type SigningKeyService } from '../../src/oauth/signing-keys.js';
import { testSecretKey } from '../helpers/app.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

const sealer = createSealer(decodeSecretKey(testSecretKey));
const twoDays = 2 * 86_400;

interface Instance {
  keys: SigningKeyService;
  denyList: DenyList;
}

describe.each(storeTargets)('signing keys ($name)', (target) => {
  const store = useServiceStore(target, 'each');

  /** One instance's services over the test's store; not yet initialised. */
  function instance(alg: SigningAlgorithm = 'ES256'): Instance {
    const { db, clock } = store();
    const denyList = createDenyList({ db, clock });
    return { keys: createSigningKeyService({ db, clock, alg, sealer, denyList }), denyList };
  }

  async function started(alg?: SigningAlgorithm): Promise<SigningKeyService> {
    const { keys } = instance(alg);
    await keys.init();
    return keys;
  }

  const kids = (keys: SigningKeyService) => keys.jwks().keys.map((k) => k.kid);
  /** The keys the store holds as active, read by an instance that was never started. */
  const activeKeys = async () => (await instance().keys.list()).filter((k) => k.state === 'active');
  const states = async (keys: SigningKeyService) =>
    (await keys.list()).map(({ kid, state }) => [kid, state]);

  it('refuses to sign before it is initialised', () => {
    expect(() => instance().keys.active()).toThrow('signing keys not initialised');
  });

  it('makes one active key on an empty store, named by its thumbprint (RFC 7638)', async () => {
    const now = store().clock.now();
    const keys = await started();
    const { kid, alg } = keys.active();
    const [published, ...others] = keys.jwks().keys;
    expect(others).toEqual([]);
    const { kty, crv, x, y, ...named } = published ?? {};
    expect([kty, crv, named]).toEqual(['EC', 'P-256', { kid, alg: 'ES256', use: 'sig' }]);
    expect(await calculateJwkThumbprint({ kty, crv, x, y } as JWK)).toBe(kid);
    expect(alg).toBe('ES256');
    expect(await keys.list()).toEqual([{ kid, alg: 'ES256', state: 'active', createdAt: now }]);
  });

  it('makes no second key when another instance starts on the same store', async () => {
    const a = await started();
    const b = await started();
    expect(b.active().kid).toBe(a.active().kid);
    expect(await b.list()).toHaveLength(1);
  });

  it('keeps the private half sealed under the secret key, bound to its kid', async () => {
    const keys = await started();
    const { kid, privateKey } = keys.active();
    const row = await store()
      .db.selectFrom('signing_keys')
      .select('private_jwk')
      .where('kid', '=', kid)
      .executeTakeFirstOrThrow();
    expect(row.private_jwk.startsWith(`a256gcm.${sealer.keyId}.`)).toBe(true);
    const opened = JSON.parse(sealer.open(row.private_jwk, kid)) as JWK;
    expect(opened).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
    expect(() => sealer.open(row.private_jwk, 'another-kid')).toThrow(SealError);
    // What the service opened signs tokens its published half verifies.
    const jwt = await new SignJWT({ sub: 'usr_a' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .sign(privateKey);
    const verifying = await keys.publicKey(kid);
    if (verifying === undefined) throw new Error('the active key is not published');
    expect((await jwtVerify(jwt, verifying.key)).payload).toEqual({ sub: 'usr_a' });
  });

  it('rotates to a new active key and keeps publishing the retired one, newest first', async () => {
    const keys = await started();
    const old = keys.active().kid;
    store().clock.advance(10);
    const rotated = await keys.rotate();
    expect(rotated).not.toBe(old);
    expect(keys.active().kid).toBe(rotated);
    expect(kids(keys)).toEqual([rotated, old]);
    expect(await states(keys)).toEqual([
      [rotated, 'active'],
      [old, 'retired'],
    ]);
    expect(await keys.publicKey(old)).toMatchObject({ alg: 'ES256' });
  });

  it.each(aroundTheLimit)(
    'publishes a retired key for two days: at %s',
    async (_, offset, kept) => {
      const { clock } = store();
      const keys = await started();
      const old = keys.active().kid;
      clock.advance(1);
      const rotated = await keys.rotate();
      clock.advance(twoDays + offset);
      await keys.refresh();
      expect(kids(keys)).toEqual(kept ? [rotated, old] : [rotated]);
      expect((await keys.publicKey(old)) !== undefined).toBe(kept);
    },
  );

  it('lists the active key first, then the others newest first, revoked ones too', async () => {
    const { clock } = store();
    const keys = await started();
    const first = keys.active().kid;
    clock.advance(10);
    const second = await keys.rotate();
    clock.advance(10);
    const third = await keys.rotate();
    await keys.revoke(second);
    // Rotated by an instance whose clock is behind: active, yet the oldest.
    clock.advance(-30);
    const fourth = await keys.rotate();
    expect(await states(keys)).toEqual([
      [fourth, 'active'],
      [third, 'retired'],
      [second, 'revoked'],
      [first, 'retired'],
    ]);
  });

  it('revokes the active key: a new one takes over, and its tokens are deny-listed', async () => {
    const { db, clock } = store();
    const { keys, denyList } = instance();
    await keys.init();
    const kid = keys.active().kid;
    clock.advance(10);
    const { active } = await keys.revoke(kid);
    expect(active).not.toBe(kid);
    expect(keys.active().kid).toBe(active);
    expect(await states(keys)).toEqual([
      [active, 'active'],
      [kid, 'revoked'],
    ]);
    expect(kids(keys)).toEqual([active]);
    expect(await keys.publicKey(kid)).toBeUndefined();
    expect(denyList.revokedAt(`kid:${kid}`)).toBe(clock.now());
    const entry = await db
      .selectFrom('revoked_tokens')
      .selectAll()
      .where('jti', '=', `kid:${kid}`)
      .executeTakeFirst();
    expect(entry?.expires_at).toBe(clock.now() + maxAccessTokenTtl);
  });

  it('revokes a retired key without changing the active one, and again without harm', async () => {
    const keys = await started();
    const old = keys.active().kid;
    const rotated = await keys.rotate();
    expect(await keys.revoke(old)).toEqual({ kid: old, active: rotated });
    expect(await keys.revoke(old)).toEqual({ kid: old, active: rotated });
    expect(kids(keys)).toEqual([rotated]);
    expect(await states(keys)).toEqual([
      [rotated, 'active'],
      [old, 'revoked'],
    ]);
  });

  it('refuses to revoke an unknown key, and changes nothing', async () => {
    const { keys, denyList } = instance();
    await keys.init();
    const before = await keys.list();
    await expect(keys.revoke('no-such-kid')).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no signing key no-such-kid',
    });
    expect(await keys.list()).toEqual(before);
    expect(denyList.revokedAt('kid:no-such-kid')).toBeUndefined();
    expect(await keys.publicKey('no-such-kid')).toBeUndefined();
  });

  it.each([
    [4, 'the key in use'],
    [5, 'the rotated key'],
  ])(
    '%i seconds after its last reload, signs with %s when a key was rotated elsewhere',
    async (wait, which) => {
      const moved = which === 'the rotated key';
      const { clock } = store();
      const a = await started();
      const b = await started();
      const before = b.active().kid;
      clock.advance(1);
      const rotated = await a.rotate();
      clock.advance(wait - 1);
      await b.refresh();
      expect(b.active().kid).toBe(moved ? rotated : before);
      expect(kids(b)).toEqual(moved ? [rotated, before] : [before]);
    },
  );

  it('finds a key rotated elsewhere when a token names it, at most every 5 seconds', async () => {
    const { clock } = store();
    const a = await started();
    const b = await started();
    const rotated = await a.rotate();
    clock.advance(4);
    expect(await b.publicKey(rotated)).toBeUndefined();
    clock.advance(1);
    expect(await b.publicKey(rotated)).toMatchObject({ alg: 'ES256' });
  });

  it('stops trusting a key revoked elsewhere at the deny-list sync, and signs with the new one', async () => {
    const a = await started();
    const b = instance();
    await b.keys.init();
    const kid = a.active().kid;
    const { active } = await a.revoke(kid);
    expect(await b.keys.publicKey(kid)).toMatchObject({ alg: 'ES256' });
    await b.denyList.sync();
    expect(await b.keys.publicKey(kid)).toBeUndefined();
    expect(kids(b.keys)).toEqual([]);
    // Within the 5 seconds: a revoked key in use is reloaded at once.
    await b.keys.refresh();
    expect(b.keys.active().kid).toBe(active);
    expect(kids(b.keys)).toEqual([active]);
  });

  it('keeps signing with its key when an instance of another algorithm starts', async () => {
    const { clock } = store();
    const es = await started('ES256');
    const mine = es.active().kid;
    clock.advance(1);
    // It finds no active key of its algorithm, so it makes one, retiring the other.
    const ed = await started('EdDSA');
    const edKey = ed.active().kid;
    expect(ed.active().alg).toBe('EdDSA');
    expect(await states(ed)).toEqual([
      [edKey, 'active'],
      [mine, 'retired'],
    ]);
    clock.advance(5);
    await es.refresh();
    expect(es.active()).toMatchObject({ kid: mine, alg: 'ES256' });
    expect(kids(es)).toEqual([edKey, mine]);
  });

  it('leaves one active key when five instances rotate at once', async () => {
    const instances = await Promise.all(Array.from({ length: 5 }, () => started()));
    await Promise.all(instances.map((keys) => keys.rotate()));
    expect(await activeKeys()).toHaveLength(1);
  });

  it('leaves one active key when instances rotate while one revokes the active key', async () => {
    const [revoking, ...rotating] = await Promise.all(Array.from({ length: 4 }, () => started()));
    if (revoking === undefined) throw new Error('no instance');
    const kid = revoking.active().kid;
    await Promise.all([revoking.revoke(kid), ...rotating.map((keys) => keys.rotate())]);
    const active = await activeKeys();
    expect(active).toHaveLength(1);
    expect(active[0]?.kid).not.toBe(kid);
  });

  it('leaves one active key when five instances start on an empty store at once', async () => {
    const instances = Array.from({ length: 5 }, () => instance().keys);
    await Promise.all(instances.map((keys) => keys.init()));
    expect(await activeKeys()).toHaveLength(1);
  });
});
