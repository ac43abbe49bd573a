import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDenyList,
  credentialEntry,
  signingKeyEntry,
  type DenyList,
} from '../../src/oauth/deny-list.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

describe('deny-list entries', () => {
  it('name a credential by its kind and a signing key by its kid', () => {
    expect(credentialEntry('client', 'cli_a')).toBe('client:cli_a');
    expect(credentialEntry('api_key', 'key_a')).toBe('api_key:key_a');
    expect(signingKeyEntry('abc')).toBe('kid:abc');
  });
});

describe.each(storeTargets)('deny list ($name)', (target) => {
  const store = useServiceStore(target);
  let published: [string, number, number][];
  /** Instance A, which tells a notifier of its revocations, and instance B on the same store. */
  let a: DenyList;
  let b: DenyList;
  let serial = 0;
  const newId = () => `jti_${++serial}`;

  beforeAll(() => {
    const { db, clock } = store();
    published = [];
    const notifier = {
      publish: async (id: string, expiresAt: number, revokedAt: number) => {
        published.push([id, expiresAt, revokedAt]);
      },
    };
    a = createDenyList({ db, clock, notifier });
    b = createDenyList({ db, clock });
  });

  const rowOf = (id: string) =>
    store().db.selectFrom('revoked_tokens').selectAll().where('jti', '=', id).executeTakeFirst();

  it('records a revocation in the store, in memory and with the notifier', async () => {
    const now = store().clock.now();
    const id = newId();
    await a.revoke(id, now + 600);
    expect(a.revokedAt(id)).toBe(now);
    expect(await rowOf(id)).toEqual({ jti: id, expires_at: now + 600, revoked_at: now });
    expect(published).toContainEqual([id, now + 600, now]);
  });

  it('knows nothing of an entry never revoked', async () => {
    expect(a.revokedAt('jti_unknown')).toBeUndefined();
    await b.sync();
    expect(b.revokedAt('jti_unknown')).toBeUndefined();
  });

  it('shows a revocation to a second instance at its next sync', async () => {
    const { clock } = store();
    const id = newId();
    await a.revoke(id, clock.now() + 600);
    expect(b.revokedAt(id)).toBeUndefined();
    await b.sync();
    expect(b.revokedAt(id)).toBe(clock.now());
  });

  it('shows a second instance a credential revoked again later, at its new time', async () => {
    const { clock } = store();
    const id = newId();
    const first = clock.now();
    await a.revoke(id, first + 600);
    await b.sync();
    clock.advance(100);
    await a.revoke(id, first + 900);
    expect(a.revokedAt(id)).toBe(first + 100);
    expect(await rowOf(id)).toEqual({ jti: id, expires_at: first + 900, revoked_at: first + 100 });
    await b.sync();
    expect(b.revokedAt(id)).toBe(first + 100);
  });

  it('picks up a revocation stamped up to 5 seconds before the last one it saw', async () => {
    const { db, clock } = store();
    const seen = newId();
    await a.revoke(seen, clock.now() + 600);
    await b.sync();
    // An instance whose clock is 5 seconds behind.
    const behind = createDenyList({ db, clock: { now: () => clock.now() - 5 } });
    const late = newId();
    await behind.revoke(late, clock.now() + 600);
    await b.sync();
    expect(b.revokedAt(late)).toBe(clock.now() - 5);
  });

  it('keeps one entry when the same one is revoked 30 times at once', async () => {
    const { db, clock } = store();
    const id = newId();
    const now = clock.now();
    await Promise.all(Array.from({ length: 30 }, () => a.revoke(id, now + 600)));
    expect(a.revokedAt(id)).toBe(now);
    const rows = await db.selectFrom('revoked_tokens').selectAll().where('jti', '=', id).execute();
    expect(rows).toEqual([{ jti: id, expires_at: now + 600, revoked_at: now }]);
  });

  it.each(aroundTheLimit)(
    'holds an entry in memory until it expires: at %s',
    async (_, offset, held) => {
      const { clock } = store();
      const id = newId();
      const expiresAt = clock.now() + 600;
      await a.revoke(id, expiresAt);
      clock.advance(600 + offset);
      await a.sync();
      await b.sync();
      expect(a.revokedAt(id) !== undefined).toBe(held);
      expect(b.revokedAt(id) !== undefined).toBe(held);
    },
  );

  it('does not hold a revocation of what has already expired', async () => {
    const { clock } = store();
    const id = newId();
    await a.revoke(id, clock.now());
    expect(a.revokedAt(id)).toBeUndefined();
    a.remember(id, clock.now(), clock.now() - 10);
    expect(a.revokedAt(id)).toBeUndefined();
  });

  it('remembers a revocation heard from another instance, at its time', () => {
    const { clock } = store();
    const id = newId();
    b.remember(id, clock.now() + 600, clock.now() - 2);
    expect(b.revokedAt(id)).toBe(clock.now() - 2);
    expect(a.revokedAt(id)).toBeUndefined();
  });

  it('keeps the latest revocation of an id when an older one is heard after it', async () => {
    const { clock } = store();
    const id = newId();
    b.remember(id, clock.now() + 600, clock.now() - 2);
    b.remember(id, clock.now() + 300, clock.now() - 30);
    expect(b.revokedAt(id)).toBe(clock.now() - 2);
    b.remember(id, clock.now() + 900, clock.now());
    expect(b.revokedAt(id)).toBe(clock.now());
    // Heard later with an earlier expiry, it is still held until the later one.
    b.remember(id, clock.now() + 10, clock.now());
    clock.advance(600);
    await b.sync();
    expect(b.revokedAt(id)).toBe(clock.now() - 600);
  });

  it.each([
    ['59 seconds after it expired', 59, true],
    ['60 seconds after it expired', 60, false],
  ])('deletes a stored entry at sync a minute after it expired: %s', async (_, after, kept) => {
    const { clock } = store();
    const id = newId();
    await a.revoke(id, clock.now() + 10);
    clock.advance(10 + after);
    await b.sync();
    expect((await rowOf(id)) !== undefined).toBe(kept);
  });
});
