import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountKey,
  accountPolicy,
  addressKey,
  addressPolicy,
  createLoginThrottle,
  type LoginThrottle,
  type ThrottlePolicy,
} from '../../src/users/login-throttle.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

/** Distinct numbers, so that a window taken for a lock (or the reverse) shows. */
const policy: ThrottlePolicy = { limit: 3, windowSeconds: 60, lockSeconds: 120 };

describe('throttle keys and policies', () => {
  it('locks an account after 5 failures and an address after 20, each for 15 minutes', () => {
    expect(accountPolicy).toEqual({ limit: 5, windowSeconds: 900, lockSeconds: 900 });
    expect(addressPolicy).toEqual({ limit: 20, windowSeconds: 900, lockSeconds: 900 });
  });

  it('counts an account by its email and an IPv6 address by its /64', () => {
    expect(accountKey('dev@example.com')).toBe('account:dev@example.com');
    expect(addressKey('203.0.113.7')).toBe('address:203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb::9')).toBe('address:2001:db8:1:2::/64');
  });
});

describe.each(storeTargets)('login throttle ($name)', (target) => {
  const store = useServiceStore(target);
  let throttle: LoginThrottle;
  let serial = 0;
  const newKey = () => `account:user${++serial}@example.com`;

  beforeAll(() => {
    const { db, clock } = store();
    throttle = createLoginThrottle({ db, clock });
  });

  /** Admits `count` attempts one after another; how many were admitted. */
  async function admitMany(key: string, count: number, p = policy): Promise<number> {
    let admitted = 0;
    for (let i = 0; i < count; i++) if (await throttle.admit(key, p)) admitted++;
    return admitted;
  }

  /** Admits and fails `count` attempts, as wrong passwords do. */
  async function failMany(key: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      expect(await throttle.admit(key, policy)).toBe(true);
      await throttle.fail(key, policy);
    }
  }

  const rowOf = (key: string) =>
    store().db.selectFrom('throttles').selectAll().where('key', '=', key).executeTakeFirst();

  it('admits the limit in a window and counts nothing it refuses', async () => {
    const key = newKey();
    const now = store().clock.now();
    expect(await admitMany(key, 5)).toBe(3);
    expect(await rowOf(key)).toEqual({ key, failures: 3, window_start: now, locked_until: null });
  });

  it.each([
    [3, 20],
    [20, 50],
  ])('admits exactly %i of %i attempts that arrive at once', async (limit, count) => {
    const key = newKey();
    const p = { ...policy, limit };
    const results = await Promise.all(Array.from({ length: count }, () => throttle.admit(key, p)));
    expect(results.filter(Boolean)).toHaveLength(limit);
    expect((await rowOf(key))?.failures).toBe(limit);
  });

  it.each(aroundTheLimit)('starts a new window at its end: at %s', async (_, offset, counting) => {
    const admitted = counting ? 0 : 3;
    const { clock } = store();
    const key = newKey();
    const start = clock.now();
    await admitMany(key, 3);
    clock.advance(policy.windowSeconds + offset);
    expect(await admitMany(key, 4)).toBe(admitted);
    if (admitted > 0) expect((await rowOf(key))?.window_start).toBe(start + 60 + offset);
  });

  it('locks a key at the limit-th failure, not before', async () => {
    const key = newKey();
    const now = store().clock.now();
    await failMany(key, 2);
    expect(await rowOf(key)).toEqual({ key, failures: 2, window_start: now, locked_until: null });
    await failMany(key, 1);
    expect(await rowOf(key)).toEqual({
      key,
      failures: 0,
      window_start: now,
      locked_until: now + 120,
    });
  });

  it.each(aroundTheLimit)(
    'refuses a locked key until the lock ends: at %s',
    async (_, offset, locked) => {
      const admitted = locked ? 0 : 3;
      const { clock } = store();
      const key = newKey();
      await failMany(key, 3);
      // The lock outlasts the window: the window's end does not open it.
      clock.advance(policy.lockSeconds + offset);
      expect(await admitMany(key, 4)).toBe(admitted);
    },
  );

  it('keeps a lock when an attempt admitted before it fails or succeeds late', async () => {
    const key = newKey();
    const now = store().clock.now();
    await failMany(key, 3);
    await throttle.fail(key, policy);
    await throttle.release(key);
    expect(await rowOf(key)).toEqual({
      key,
      failures: 0,
      window_start: now,
      locked_until: now + 120,
    });
  });

  // [test, attempts admitted, then released, failures left, more attempts, of those admitted]
  // (the policy's limit is 3).
  it.each([
    ['gives back the place of an attempt that succeeded', 3, 1, 2, 2, 1],
    ['never counts below zero', 1, 2, 0, 4, 3],
  ] as const)('%s', async (_, admit, releases, failures, more, admitted) => {
    const key = newKey();
    expect(await admitMany(key, admit)).toBe(admit);
    for (let i = 0; i < releases; i++) await throttle.release(key);
    expect((await rowOf(key))?.failures).toBe(failures);
    expect(await admitMany(key, more)).toBe(admitted);
  });

  it('forgets every attempt and the lock when cleared', async () => {
    const key = newKey();
    await failMany(key, 3);
    await throttle.clear(key);
    expect(await rowOf(key)).toBeUndefined();
    expect(await admitMany(key, 4)).toBe(3);
  });

  it('counts each key on its own', async () => {
    const locked = newKey();
    const other = newKey();
    await failMany(locked, 3);
    expect(await admitMany(other, 4)).toBe(3);
    expect(await throttle.admit(locked, policy)).toBe(false);
  });

  it('stores nothing for a key it never admitted', async () => {
    const key = newKey();
    await throttle.fail(key, policy);
    await throttle.release(key);
    await throttle.clear(key);
    expect(await rowOf(key)).toBeUndefined();
  });
});
