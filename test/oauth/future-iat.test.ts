import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { partner, useTestApp, type TestApp } from '../helpers/app.js';
import { bearerRequest, introspectRequest, postToken } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson } from '../helpers/replies.js';

const [sqlite] = storeTargets;
if (sqlite === undefined) throw new Error('no SQLite target');

// RFC 7519 §4.1.6: `iat` is when the token was issued. One issued "in the future" was not
// issued by this server's clock: refused beyond a minute of skew between instances.
describe('access tokens issued in the future', () => {
  const ctx = useTestApp(sqlite);

  /** A token like the server's own, signed with its real key, issued `ahead` seconds on. */
  async function signedAhead({ app, services, clock }: TestApp, ahead: number): Promise<string> {
    const res = await postToken(app, { grant_type: 'client_credentials' }, partner);
    const claims = decodeJwt(res.json().access_token);
    const key = services.keys.active();
    const iat = clock.now() + ahead;
    return new SignJWT({ ...claims, iat, exp: iat + 600, jti: `at_ahead_${ahead}` })
      .setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid })
      .sign(key.privateKey);
  }

  const introspect = async ({ app }: TestApp, token: string) =>
    (await introspectRequest(app, token, partner)).json();

  it('refuses a token whose iat is two minutes ahead', async () => {
    const a = ctx();
    const token = await signedAhead(a, 120);
    expect(await introspect(a, token)).toEqual({ active: false });
    const res = await bearerRequest(a.app, 'GET', '/v1/orgs', token);
    expectJson(res, 401, {
      type: 'unauthorized',
      message: 'the access token is invalid, expired or revoked',
    });
  });

  it('accepts a token issued up to a minute ahead (clock skew between instances)', async () => {
    const a = ctx();
    expect(await introspect(a, await signedAhead(a, 60))).toMatchObject({ active: true });
    expect(await introspect(a, await signedAhead(a, 61))).toEqual({ active: false });
  });
});
