import { describe, expect, it } from 'vitest';
import { addressKey, createLoginThrottle } from '../../src/users/login-throttle.js';
import { createLoginService } from '../../src/users/login.js';
import type { User } from '../../src/users/service.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';

const person: User = {
  id: 'usr_store_failure',
  email: 'ada@example.com',
  name: 'Ada',
  createdAt: 0,
};
const address = '203.0.113.9';
const down = new Error('the store is down');

// A sign-in whose check fails for want of a store is not a wrong password: it neither
// counts against the account or the address, nor locks the right password out afterwards.
// An attempt whose check has answered is settled, whatever the store does next.
describe.each(storeTargets)('sign-in while the store fails ($name)', (target) => {
  const store = useServiceStore(target, 'each');

  /**
   * The login service over a user store that fails the first `failures` checks, and a
   * throttle whose `fail` fails too when `failingFail` is set.
   */
  function loginsFailing(failures: number, { failingFail = false } = {}) {
    let left = failures;
    const { db, clock } = store();
    const throttle = createLoginThrottle({ db, clock });
    return createLoginService({
      throttle: failingFail
        ? {
            ...throttle,
            fail: async (key, policy) => {
              await throttle.fail(key, policy);
              throw down;
            },
          }
        : throttle,
      users: {
        async checkPassword(email, password) {
          if (left-- > 0) throw down;
          return email === person.email && password === 'right password' ? person : undefined;
        },
        async memberships() {
          return [];
        },
      },
    });
  }

  /** The throttle rows, as the store holds them. */
  async function counts() {
    const rows = await store().db.selectFrom('throttles').selectAll().orderBy('key').execute();
    return rows.map(({ key, failures, locked_until }) => ({ key, failures, locked_until }));
  }

  it('gives back its places in the count: 25 failed checks lock nobody out', async () => {
    const logins = loginsFailing(25);
    for (let i = 0; i < 25; i++) {
      await expect(logins.signIn(person.email, 'right password', address)).rejects.toBe(down);
    }
    expect(await counts()).toEqual([
      { key: 'account:ada@example.com', failures: 0, locked_until: null },
      { key: addressKey(address), failures: 0, locked_until: null },
    ]);
    expect(await logins.signIn(person.email, 'right password', address)).toEqual(person);
  });

  it('still counts a wrong password once the store answers', async () => {
    const logins = loginsFailing(3);
    for (let i = 0; i < 3; i++) {
      await expect(logins.signIn(person.email, 'wrong', address)).rejects.toBe(down);
    }
    await expect(logins.signIn(person.email, 'wrong', address)).rejects.toMatchObject({
      outcome: 'credential_invalid',
      message: 'invalid username or password',
    });
    expect(await counts()).toEqual([
      { key: 'account:ada@example.com', failures: 1, locked_until: null },
      { key: addressKey(address), failures: 1, locked_until: null },
    ]);
  });

  it('keeps a wrong password counted when the store fails as it records the failure', async () => {
    const logins = loginsFailing(0, { failingFail: true });
    await expect(logins.signIn(person.email, 'wrong', address)).rejects.toBe(down);
    expect(await counts()).toEqual([
      { key: 'account:ada@example.com', failures: 1, locked_until: null },
      { key: addressKey(address), failures: 1, locked_until: null },
    ]);
  });
});
