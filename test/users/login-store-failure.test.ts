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

// A sign-in whose check fails for want of a store is not a wrong password: it neither
// counts against the account or the address, nor locks the right password out afterwards.
describe.each(storeTargets)('sign-in while the store fails ($name)', (target) => {
  const store = useServiceStore(target, 'each');

  /** The login service over a user store that fails the first `failures` checks. */
  function loginsFailing(failures: number) {
    let left = failures;
    const { db, clock } = store();
    return createLoginService({
      throttle: createLoginThrottle({ db, clock }),
      users: {
        async checkPassword(email, password) {
          if (left-- > 0) throw new Error('the store is down');
          return email === person.email && password === 'right password' ? person : undefined;
        },
        async memberships() {
          return [];
        },
      },
    });
  }

  it('gives back its places in the count: 25 failed checks lock nobody out', async () => {
    const logins = loginsFailing(25);
    for (let i = 0; i < 25; i++) {
      await expect(logins.signIn(person.email, 'right password', '203.0.113.9')).rejects.toThrow(
        'the store is down',
      );
    }
    const rows = await store().db.selectFrom('throttles').selectAll().orderBy('key').execute();
    expect(
      rows.map(({ key, failures, locked_until }) => ({ key, failures, locked_until })),
    ).toEqual([
      { key: 'account:ada@example.com', failures: 0, locked_until: null },
      { key: addressKey('203.0.113.9'), failures: 0, locked_until: null },
    ]);
    expect(await logins.signIn(person.email, 'right password', '203.0.113.9')).toEqual(person);
  });

  it('still counts a wrong password once the store answers', async () => {
    const logins = loginsFailing(3);
    for (let i = 0; i < 3; i++) {
      await expect(logins.signIn(person.email, 'wrong', '203.0.113.9')).rejects.toThrow(
        'the store is down',
      );
    }
    await expect(logins.signIn(person.email, 'wrong', '203.0.113.9')).rejects.toMatchObject({
      outcome: 'credential_invalid',
      message: 'invalid username or password',
    });
    const row = await store()
      .db.selectFrom('throttles')
      .select('failures')
      .where('key', '=', 'account:ada@example.com')
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
  });
});
