import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/services.js';
import { verifyPassword } from '../../src/users/passwords.js';
import type * as Passwords from '../../src/users/passwords.js';
import { accountPolicy } from '../../src/users/login-throttle.js';
import { backend, useTestApp } from '../helpers/app.js';
import { partiumBasic, partiumSignIn, patchworksLogin, postToken } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { oauthError } from '../helpers/replies.js';

// Every argon2 verification goes through verifyPassword: counting its calls shows which
// passwords were checked against a real hash and which against the decoy (`undefined`).
vi.mock('../../src/users/passwords.js', async (importOriginal) => {
  const actual = await importOriginal<typeof Passwords>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const verify = vi.mocked(verifyPassword);
const realChecks = () => verify.mock.calls.filter(([stored]) => stored !== undefined).length;
const decoyChecks = () => verify.mock.calls.filter(([stored]) => stored === undefined).length;

interface Answer {
  status: number;
  body: unknown;
}

/** One login path: how to try an email and password from an address, and its refusal. */
interface LoginPath {
  name: string;
  refused: Answer;
  attempt(app: FastifyInstance, email: string, password: string, address: string): Promise<Answer>;
}

const answer = (res: { statusCode: number; json(): unknown }): Answer => ({
  status: res.statusCode,
  body: res.json(),
});

const paths: LoginPath[] = [
  {
    name: 'password grant (POST /oauth/token)',
    refused: {
      status: 400,
      body: oauthError('invalid_grant', 'invalid username or password'),
    },
    attempt: async (app, username, password, address) =>
      answer(
        await postToken(app, { grant_type: 'password', username, password }, backend, address),
      ),
  },
  {
    name: 'Partium POST /auth with Basic',
    refused: { status: 401, body: { type: 'unauthorized' } },
    attempt: async (app, email, password, address) =>
      answer(await partiumSignIn(app, partiumBasic(email, password), address)),
  },
  {
    name: 'Patchworks POST /fabric/api/login',
    refused: { status: 401, body: { type: 'unauthorized' } },
    attempt: async (app, username, password, address) =>
      answer(await patchworksLogin(app, { username, password }, address)),
  },
];

const rightPassword = 'the-right-password';
let accounts = 0;

/** A fresh account in a demo org, and an address of its own (so no test locks another's). */
async function freshAccount({ users }: Pick<Services, 'users'>) {
  accounts += 1;
  const email = `lockout${accounts}@example.com`;
  const user = await users.create({ email, password: rightPassword });
  await users.addToOrg(user.id, 'org_demo_parts', 'member');
  return { email, address: `198.51.100.${accounts}` };
}

// users/login.ts: an attempt is counted before its password is checked, so that however
// many arrive at once, no more than the limit are ever checked against the account's hash.
describe.each(storeTargets)('sign-in lockout under concurrent guesses ($name)', (target) => {
  const ctx = useTestApp(target);
  beforeEach(() => verify.mockClear());

  it.each(paths)(
    '$name: 60 guesses at once check at most the limit; the right one, 31st, is refused',
    async (path) => {
      const { app } = ctx();
      const { email, address } = await freshAccount(ctx().services);
      const passwords = Array.from({ length: 60 }, (_, i) =>
        i === 30 ? rightPassword : `wrong-password-${i}`,
      );
      const answers = await Promise.all(
        passwords.map((password) => path.attempt(app, email, password, address)),
      );
      expect(realChecks()).toBeLessThanOrEqual(accountPolicy.limit);
      expect(answers[30]).toEqual(path.refused);
      expect(answers).toEqual(passwords.map(() => path.refused));
      // The account stays locked: the right password alone is refused too.
      expect(await path.attempt(app, email, rightPassword, '192.0.2.200')).toEqual(path.refused);
      expect(realChecks()).toBeLessThanOrEqual(accountPolicy.limit);
    },
  );

  it.each(paths)(
    '$name: a locked account costs one argon2 verification, against the decoy',
    async (path) => {
      const { app } = ctx();
      const { email, address } = await freshAccount(ctx().services);
      for (let i = 0; i < accountPolicy.limit; i++) {
        expect(await path.attempt(app, email, 'wrong-password', address)).toEqual(path.refused);
      }
      verify.mockClear();
      expect(await path.attempt(app, email, rightPassword, address)).toEqual(path.refused);
      // As a wrong password costs one verification, so does a locked account: timing does
      // not tell them apart.
      expect(verify).toHaveBeenCalledTimes(1);
      expect(decoyChecks()).toBe(1);
      expect(realChecks()).toBe(0);
    },
  );

  it('a success within the limit still clears the account count', async () => {
    const { app } = ctx();
    const { email, address } = await freshAccount(ctx().services);
    const [path] = paths;
    if (path === undefined) throw new Error('no path');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < accountPolicy.limit - 1; i++) {
        expect(await path.attempt(app, email, 'wrong-password', address)).toEqual(path.refused);
      }
      expect((await path.attempt(app, email, rightPassword, address)).status).toBe(200);
    }
  });
});
