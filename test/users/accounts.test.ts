import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/lib/clock.js';
import { createUserService, normalizeEmail, type UserService } from '../../src/users/service.js';
import { storedRow, useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

describe('normalizeEmail', () => {
  it('trims and lower-cases an address', () => {
    expect(normalizeEmail('  Alice.Smith@Example.COM \n')).toBe('alice.smith@example.com');
  });
});

describe.each(storeTargets)('user service: accounts ($name)', (target) => {
  const clock = createFixedClock();
  let users: UserService;

  const store = useStore(target, async (db) => {
    users = createUserService({ db, clock });
  });

  it('stores the email normalised and the password only as an argon2id hash', async () => {
    const user = await users.create({ email: ' Alice@Example.COM ', password: 'correct horse' });
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_[0-9A-Za-z]{16}$/),
      email: 'alice@example.com',
      name: 'alice@example.com',
      createdAt: clock.now(),
    });
    const row = await storedRow(store(), 'users', user.id);
    expect(row.email).toBe('alice@example.com');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('correct horse');
  });

  it('finds a user and checks a password whatever the case of the email', async () => {
    const user = await users.create({
      email: 'bob@example.com',
      password: 'bob-password',
      name: 'Bob',
      id: 'usr_bob',
    });
    expect(user.name).toBe('Bob');
    expect(await users.findByEmail('  BOB@example.com')).toEqual(user);
    expect(await users.get('usr_bob')).toEqual(user);
    expect(await users.checkPassword('Bob@Example.com', 'bob-password')).toEqual(user);
  });

  it('gives undefined for a wrong password, an unknown email and an unknown id', async () => {
    await users.create({ email: 'carol@example.com', password: 'carol-password' });
    expect(await users.checkPassword('carol@example.com', 'Carol-password')).toBeUndefined();
    expect(await users.checkPassword('nobody@example.com', 'carol-password')).toBeUndefined();
    expect(await users.findByEmail('nobody@example.com')).toBeUndefined();
    expect(await users.get('usr_nobody')).toBeUndefined();
  });

  it('refuses a second account for the same address, whatever its case', async () => {
    const first = await users.create({ email: 'dave@example.com', password: 'dave-password' });
    await expect(
      users.create({ email: ' DAVE@example.com', password: 'other-password' }),
    ).rejects.toMatchObject({
      outcome: 'conflict',
      message: 'a user with this email already exists',
    });
    expect(await users.checkPassword('dave@example.com', 'dave-password')).toEqual(first);
  });

  it('lets exactly one of two simultaneous sign-ups with one address through', async () => {
    const results = await Promise.allSettled([
      users.create({ email: 'erin@example.com', password: 'erin-password-1' }),
      users.create({ email: 'Erin@example.com', password: 'erin-password-2' }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toEqual([
      expect.objectContaining({
        outcome: 'conflict',
        message: 'a user with this email already exists',
      }),
    ]);
  });

  it.each([
    ['an address without @', 'not-an-email', 'email must be a valid address'],
    ['an address without a domain dot', 'a@localhost', 'email must be a valid address'],
    ['an address with a space', 'a b@example.com', 'email must be a valid address'],
    ['an address too long', `${'a'.repeat(250)}@x.io`, 'email must be a valid address'],
  ])('refuses %s', async (_, email, message) => {
    await expect(users.create({ email, password: 'long-enough' })).rejects.toMatchObject({
      outcome: 'invalid_input',
      message,
    });
  });

  it('refuses a password shorter than 8 characters, and takes one of exactly 8', async () => {
    await expect(
      users.create({ email: 'frank@example.com', password: '1234567' }),
    ).rejects.toMatchObject({
      outcome: 'invalid_input',
      message: 'password must be 8 to 1024 characters',
    });
    expect(await users.findByEmail('frank@example.com')).toBeUndefined();
    await users.create({ email: 'frank@example.com', password: '12345678' });
    expect(await users.checkPassword('frank@example.com', '12345678')).toMatchObject({
      email: 'frank@example.com',
    });
  });
});
