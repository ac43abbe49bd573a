import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { clientCredentialsRequest } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/**
 * An access token signed by a key this instance has not loaded (rotated elsewhere, say):
 * checking it looks the key up in the store.
 */
const tokenOfUnloadedKey = [
  b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'a-key-not-loaded-here' })),
  b64url(JSON.stringify({ sub: 'someone' })),
  b64url('signature'),
].join('.');

/**
 * A store that fails is the server's fault, not the caller's: whatever the request was doing
 * (checking a token's key, authenticating a client), the answer is the generic 500, never a
 * 401 that would tell a caller its credential is bad.
 */
describe.each(storeTargets)('a store that fails ($name)', (target) => {
  const ctx = useTestApp(target);
  let failing: MockInstance | undefined;
  afterEach(() => failing?.mockRestore());

  const getWithUnloadedKey = (url: string) =>
    ctx().app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${tokenOfUnloadedKey}` },
    });

  function failTheStore() {
    // Past the reload interval, so that an unknown key is looked up in the store at once.
    ctx().clock.advance(60);
    failing = vi.spyOn(ctx().services.db, 'selectFrom').mockImplementation(() => {
      throw new Error('the store is down');
    });
  }

  it('answers the management API 500 while a token’s key is looked up', async () => {
    failTheStore();
    const res = await getWithUnloadedKey('/v1/orgs');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ type: 'internal', message: 'internal server error' });
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(ctx().logs.join('')).toContain('the store is down');
  });

  it('answers a surface 500 while a token’s key is looked up', async () => {
    failTheStore();
    const res = await getWithUnloadedKey('/fabric/api/user');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ type: 'internal' });
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('answers the token endpoint 500 server_error while the client is authenticated', async () => {
    failTheStore();
    const res = await clientCredentialsRequest(ctx().app);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: 'server_error',
      error_description: 'internal server error',
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses the same token 401 once the store answers again', async () => {
    const res = await getWithUnloadedKey('/v1/orgs');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      type: 'unauthorized',
      message: 'the access token is invalid, expired or revoked',
    });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
  });
});
