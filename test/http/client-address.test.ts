import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addressPolicy } from '../../src/users/login-throttle.js';
import { backend, basic, form, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson, oauthError } from '../helpers/replies.js';

const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
const refused = oauthError('invalid_grant', 'invalid username or password');

type Ctx = ReturnType<typeof useTestApp>;

let strangers = 0;

/**
 * A password grant from the socket address `from`, with `forwardedFor` if given: dev's own
 * password, or a wrong one for a new account nobody has (so that only addresses get locked).
 */
function signIn(ctx: Ctx, from: string, password: string, forwardedFor?: string) {
  strangers += 1;
  const username = password === dev.password ? dev.email : `stranger${strangers}@example.com`;
  return ctx().app.inject({
    method: 'POST',
    url: '/oauth/token',
    ...form({ grant_type: 'password', username, password }),
    headers: {
      ...form({}).headers,
      authorization: basic(backend.id, backend.secret),
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
    remoteAddress: from,
  });
}

/** The keys of the per-address throttle rows, with their failure counts. */
async function addressRows(ctx: Ctx): Promise<Record<string, number>> {
  const rows = await ctx()
    .services.db.selectFrom('throttles')
    .select(['key', 'failures'])
    .where('key', 'like', 'address:%')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.failures]));
}

// Behind one proxy (TRUST_PROXY=1) the client is the entry that proxy appended, the
// right-most one; anything to its left was written by the client and is not believed.
describe.each(storeTargets)('client address behind TRUST_PROXY=1 ($name)', (target) => {
  const ctx = useTestApp(target, { trustProxy: loadConfig({ TRUST_PROXY: '1' }).trustProxy });

  it('counts a failure against the address the proxy saw, not the left-most entry', async () => {
    const res = await signIn(ctx, '10.0.0.2', 'wrong-password', '203.0.113.66, 198.51.100.7');
    expectJson(res, 400, refused);
    expect(await addressRows(ctx)).toEqual({ 'address:198.51.100.7': 1 });
  });

  it('counts an address a proxy wrote with a port as that address, whatever the port', async () => {
    await signIn(ctx, '10.0.0.2', 'wrong-password', '198.51.100.30:5555');
    await signIn(ctx, '10.0.0.2', 'wrong-password', '198.51.100.30:5556');
    await signIn(ctx, '10.0.0.2', 'wrong-password', '[2001:db8:7:7::1]:443');
    const rows = await addressRows(ctx);
    expect(rows['address:198.51.100.30']).toBe(2);
    expect(rows['address:2001:db8:7:7::/64']).toBe(1);
    expect(Object.keys(rows).filter((key) => key.includes(':555'))).toEqual([]);
  });

  it('does not let a client escape the address limit by changing what it writes', async () => {
    for (let i = 0; i < addressPolicy.limit; i++) {
      const spoofed = `203.0.113.${i + 1}`;
      const res = await signIn(ctx, '10.0.0.2', 'wrong-password', `${spoofed}, 198.51.100.20`);
      expect(res.json()).toEqual(refused);
    }
    const locked = await signIn(ctx, '10.0.0.2', dev.password, '203.0.113.99, 198.51.100.20');
    expectJson(locked, 400, refused);
    // Nor lock out an address by naming it: the named one signs in.
    const named = await signIn(ctx, '10.0.0.2', dev.password, '198.51.100.21');
    expect(named.statusCode).toBe(200);
  });
});

describe.each(storeTargets)('client address behind listed proxies ($name)', (target) => {
  const trustProxy = loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy;
  const ctx = useTestApp(target, { trustProxy });

  it('takes the first address, from the right, that is not a listed proxy', async () => {
    await signIn(ctx, '10.0.0.2', 'wrong-password', '203.0.113.66, 198.51.100.8, 10.1.2.3');
    // A request that does not come through a listed proxy is its own client.
    await signIn(ctx, '192.0.2.50', 'wrong-password', '198.51.100.9');
    expect(await addressRows(ctx)).toEqual({
      'address:198.51.100.8': 1,
      'address:192.0.2.50': 1,
    });
  });
});

// An IPv6 client usually holds a whole /64: its addresses count as one, and an IPv4
// address seen as IPv4-mapped IPv6 counts as that IPv4 address.
describe.each(storeTargets)('per-address throttle keys ($name)', (target) => {
  const ctx = useTestApp(target);

  it('counts the addresses of one IPv6 /64 together, and IPv4-mapped as IPv4', async () => {
    await signIn(ctx, '2001:db8:1:2:a::1', 'wrong-password');
    await signIn(ctx, '2001:db8:1:2:b::2', 'wrong-password');
    await signIn(ctx, '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', 'wrong-password');
    await signIn(ctx, '::ffff:192.0.2.7', 'wrong-password');
    await signIn(ctx, '192.0.2.7', 'wrong-password');
    expect(await addressRows(ctx)).toEqual({
      'address:2001:db8:1:2::/64': 3,
      'address:192.0.2.7': 2,
    });
  });

  it('locks the whole /64 after the address limit, and only that /64', async () => {
    for (let i = 0; i < addressPolicy.limit; i++) {
      const res = await signIn(ctx, `2001:db8:5:6::${(i + 1).toString(16)}`, 'wrong-password');
      expect(res.json()).toEqual(refused);
    }
    const locked = await signIn(ctx, '2001:db8:5:6:dead:beef::1', dev.password);
    expect(locked.json()).toEqual(refused);
    expect((await signIn(ctx, '2001:db8:5:7::1', dev.password)).statusCode).toBe(200);
  });
});
