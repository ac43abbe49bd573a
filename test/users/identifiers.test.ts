import { describe, expect, it } from 'vitest';
import { backend, basic, form, useTestApp } from '../helpers/app.js';
import { partiumBasic, partiumSignIn, patchworksLogin } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson, oauthError } from '../helpers/replies.js';

type Ctx = ReturnType<typeof useTestApp>;

/** An address-like username of exactly `length` characters. */
const username = (length: number) => `${'a'.repeat(length - 12)}@example.com`;

async function throttleRows(ctx: Ctx): Promise<string[]> {
  const rows = await ctx().services.db.selectFrom('throttles').select('key').execute();
  return rows.map((row) => row.key).sort();
}

// No address is longer than 254 characters (RFC 5321 §4.5.3.1.3): a longer username is
// refused as bad credentials before the store is touched, so that failed sign-ins cannot
// fill the store with rows of many kilobytes.
describe.each(storeTargets)('usernames longer than an address can be ($name)', (target) => {
  const ctx = useTestApp(target);

  it('password grant: a 4 KB or 255-character username writes no row', async () => {
    for (const name of [username(4096), username(255)]) {
      const res = await ctx().app.inject({
        method: 'POST',
        url: '/oauth/token',
        ...form({ grant_type: 'password', username: name, password: 'wrong-password' }),
        headers: { ...form({}).headers, authorization: basic(backend.id, backend.secret) },
        remoteAddress: '198.51.100.1',
      });
      expectJson(res, 400, oauthError('invalid_grant', 'invalid username or password'));
    }
    expect(await throttleRows(ctx)).toEqual([]);
  });

  it('Partium Basic: a 12 KB or 255-character username writes no row', async () => {
    for (const name of [username(12_000), username(255)]) {
      const res = await partiumSignIn(
        ctx().app,
        partiumBasic(name, 'wrong-password'),
        '198.51.100.2',
      );
      expectJson(res, 401, { type: 'unauthorized' });
    }
    expect(await throttleRows(ctx)).toEqual([]);
  });

  it('Patchworks login: a 255-character username writes no row', async () => {
    const res = await patchworksLogin(
      ctx().app,
      { username: username(255), password: 'wrong-password' },
      '198.51.100.3',
    );
    expectJson(res, 401, { type: 'unauthorized' });
    expect(await throttleRows(ctx)).toEqual([]);
  });

  it('a username of 254 characters is counted as any other', async () => {
    const name = username(254);
    const res = await patchworksLogin(
      ctx().app,
      { username: name, password: 'wrong-password' },
      '198.51.100.4',
    );
    expect(res.statusCode).toBe(401);
    expect(await throttleRows(ctx)).toEqual([`account:${name}`, 'address:198.51.100.4']);
  });
});
