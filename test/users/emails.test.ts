import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/lib/clock.js';
import { createLoginService, type LoginService } from '../../src/users/login.js';
import { createLoginThrottle } from '../../src/users/login-throttle.js';
import { createUserService, normalizeEmail, type UserService } from '../../src/users/service.js';
import { useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

describe('normalizeEmail', () => {
  it('folds compatibility forms (NFKC), then case', () => {
    expect(normalizeEmail('ＡＤＭＩＮ@example.com')).toBe('admin@example.com');
    expect(normalizeEmail('admin@example．com')).toBe('admin@example.com');
    expect(normalizeEmail(' Ａdmin@Example.COM\u3000')).toBe('admin@example.com');
  });
});

const invisible = 'email must not contain invisible or control characters';
const mixed =
  'email must not mix scripts (such as Latin and Cyrillic) in its local part or a domain label';
const trailingDot = 'email domain must not end with a dot';
const lookLatin =
  'email must not be written wholly in letters that look Latin (such as Cyrillic а, е, о)';
const combining = 'email must not contain combining marks that NFKC does not compose';
const invalid = 'email must be a valid address';

describe.each(storeTargets)('user service: look-alike emails ($name)', (target) => {
  const clock = createFixedClock();
  let users: UserService;
  let logins: LoginService;

  useStore(target, async (db) => {
    users = createUserService({ db, clock });
    logins = createLoginService({ users, throttle: createLoginThrottle({ db, clock }) });
    await users.create({ email: 'admin@example.com', password: 'admin-password', id: 'usr_a' });
  });

  it.each([
    ['a zero-width space', 'ad\u200bmin@example.com', invisible],
    ['a zero-width joiner', 'admin\u200d@example.com', invisible],
    ['a right-to-left override', 'admin\u202e@example.com', invisible],
    ['a left-to-right mark in the domain', 'admin@example\u200e.com', invisible],
    ['a soft hyphen', 'ad\u00admin@example.com', invisible],
    ['a word joiner', 'admin@exam\u2060ple.com', invisible],
    ['a Hangul filler', 'admin\u3164@example.com', invisible],
    ['a control character', 'admin\u0007@example.com', invisible],
    ['a Cyrillic a in a Latin local part', '\u0430dmin@example.com', mixed],
    ['a Cyrillic a in a Latin domain label', 'admin@ex\u0430mple.com', mixed],
    ['a Greek omicron in a Latin domain label', 'admin@exampl\u03bf.com', mixed],
    ['a Greek alpha in a Latin local part', '\u03b1dmin@example.com', mixed],
    ['a local part wholly of Cyrillic look-alikes', '\u0501\u0435\u0475@example.com', lookLatin],
    ['a Cyrillic look-alike of scope', '\u0455\u0441\u043e\u0440\u0435@example.com', lookLatin],
    ['a domain label wholly of Greek look-alikes', 'admin@\u03bf\u03c1.example', lookLatin],
    ['an i with a combining dot above', 'vi\u0307ewer@example.com', combining],
    ['a combining long solidus', 'viewer\u0338@example.com', combining],
    ['a trailing dot in the domain', 'admin@example.com.', trailingDot],
    ['an empty domain label', 'admin@example..com', invalid],
    ['an ideographic full stop in the domain', 'admin@mail.example\u3002com', invalid],
    ['a symbol in the domain', 'admin@exa\u2215mple.com', invalid],
  ])('refuses %s', async (_, email, message) => {
    await expect(users.create({ email, password: 'long-enough' })).rejects.toMatchObject({
      outcome: 'invalid_input',
      message,
    });
  });

  it.each([
    ['fullwidth letters', 'ＡＤＭＩＮ@example.com'],
    ['a fullwidth full stop', 'admin@example．com'],
    ['mathematical letters', '\u{1d41a}dmin@example.com'],
    ['a dotless i', 'adm\u0131n@example.com'],
  ])('folds %s into the existing account: a conflict', async (_, email) => {
    await expect(users.create({ email, password: 'long-enough' })).rejects.toMatchObject({
      outcome: 'conflict',
      message: 'a user with this email already exists',
    });
  });

  it('takes an address written in one script per part', async () => {
    const cyrillic = await users.create({ email: 'Иван@example.com', password: 'long-enough' });
    expect(cyrillic.email).toBe('иван@example.com');
    const idn = await users.create({ email: 'ivan@пример.com', password: 'long-enough' });
    expect(idn.email).toBe('ivan@пример.com');
    const japanese = await users.create({
      email: 'やまだ太郎@example.jp',
      password: 'long-enough',
    });
    expect(japanese.email).toBe('やまだ太郎@example.jp');
  });

  it('signs in, and throttles, under the same folded address', async () => {
    const user = await logins.signIn('ＡＤＭＩＮ@example.com', 'admin-password', '192.0.2.1');
    expect(user.id).toBe('usr_a');
    for (let i = 0; i < 5; i++) {
      await expect(
        logins.signIn('ＡＤＭＩＮ@ｅｘａｍｐｌｅ.ｃｏｍ', 'wrong-password', `192.0.2.${i + 2}`),
      ).rejects.toMatchObject({ outcome: 'credential_invalid' });
    }
    // The five failures were the account's, whichever way it was written.
    await expect(
      logins.signIn('admin@example.com', 'admin-password', '192.0.2.9'),
    ).rejects.toMatchObject({
      outcome: 'credential_invalid',
      message: 'invalid username or password',
    });
  });
});
