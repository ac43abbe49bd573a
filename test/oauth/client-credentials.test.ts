import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { partner, useTestApp } from '../helpers/app.js';
import { clientCredentialsRequest, postToken } from '../helpers/requests.js';
import { accessTokenClaims, expectJson, expectTokens, oauthError } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';

describe.each(storeTargets)('client_credentials grant ($name)', (target) => {
  const ctx = useTestApp(target);

  it('issues an RFC 9068 access token to a client authenticated with HTTP Basic', async () => {
    const { app, clock } = ctx();
    const res = await postToken(app, { grant_type: 'client_credentials' }, partner);
    const body = expectTokens(res);
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    expect(decodeJwt(body.access_token)).toEqual(
      accessTokenClaims(clock, {
        sub: partner.id,
        client_id: partner.id,
        org: 'org_partner_demo',
        sub_type: 'client',
      }),
    );
  });

  it('publishes the signing key in the JWKS', async () => {
    const { app, services } = ctx();
    const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { kid } = services.keys.active();
    expect(res.json()).toEqual({
      keys: [
        {
          kty: 'EC',
          crv: 'P-256',
          x: expect.any(String),
          y: expect.any(String),
          kid,
          alg: 'ES256',
          use: 'sig',
        },
      ],
    });
  });

  it('accepts client_secret_post', async () => {
    const res = await clientCredentialsRequest(ctx().app, partner);
    expect(res.statusCode).toBe(200);
    expect(res.json().token_type).toBe('Bearer');
  });

  it('answers a wrong secret and an unknown client the same way', async () => {
    const { app } = ctx();
    const wrong = await clientCredentialsRequest(app, { id: partner.id, secret: 'nope' });
    const unknown = await clientCredentialsRequest(app, { id: 'no_such_client', secret: 'nope' });
    for (const res of [wrong, unknown]) {
      expectJson(res, 401, oauthError('invalid_client', 'client authentication failed'));
    }
  });
});
