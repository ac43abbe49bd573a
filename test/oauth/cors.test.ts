import { describe, expect, it } from 'vitest';
import { form, partner, useTestApp } from '../helpers/app.js';
import { clientCredentialsToken } from '../helpers/requests.js';
import { sqlite } from '../helpers/targets.js';

/** The origin of the sandbox's browser app (docs/sandbox.md). */
const origin = 'http://127.0.0.1:5173';
const anyOrigin = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'WWW-Authenticate',
};
const formType = 'application/x-www-form-urlencoded';

// CORS is a matter of routes and headers alone, the same on every store.
describe('cross-origin calls from a browser app', () => {
  const ctx = useTestApp(sqlite);

  it.each([
    ['/oauth/token', 'POST'],
    ['/oauth/revoke', 'POST'],
    ['/oauth/userinfo', 'GET, POST'],
  ])('answers the preflight of %s: 204, any origin, its methods', async (url, methods) => {
    const res = await ctx().app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers).toMatchObject({
      ...anyOrigin,
      'access-control-allow-methods': methods,
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-max-age': '600',
    });
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('lets the app read the token endpoint’s answers, refusals included', async () => {
    const { app } = ctx();
    const refused = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { origin, 'content-type': formType },
      payload: form({ grant_type: 'authorization_code', client_id: 'gatehouse_demo_spa' }).payload,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      error: 'invalid_request',
      error_description: 'missing parameter: code, redirect_uri',
    });
    expect(refused.headers).toMatchObject(anyOrigin);
    // Refused by the server's own first step (http/nul-bytes.ts), before the route's run.
    const nul = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { origin, 'content-type': formType, authorization: 'Bearer a\u0000b' },
      payload: form({ grant_type: 'client_credentials' }).payload,
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toEqual({
      error: 'invalid_request',
      error_description: 'the Authorization header must not contain a NUL character',
    });
    expect(nul.headers).toMatchObject({ ...anyOrigin, 'x-content-type-options': 'nosniff' });
  });

  it('lets the app read userinfo’s challenge, and discovery and the JWKS', async () => {
    const { app } = ctx();
    const userinfo = await app.inject({
      method: 'GET',
      url: '/oauth/userinfo',
      headers: { origin },
    });
    expect(userinfo.statusCode).toBe(401);
    expect(userinfo.headers).toMatchObject({
      ...anyOrigin,
      'www-authenticate': 'Bearer realm="gatehouse"',
    });
    for (const url of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
      const res = await app.inject({ method: 'GET', url, headers: { origin } });
      expect(res.statusCode).toBe(200);
      expect(res.headers).toMatchObject(anyOrigin);
    }
  });

  it('keeps introspection, for resource servers, closed to browsers', async () => {
    const { app } = ctx();
    const token = await clientCredentialsToken(app, partner);
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/introspect',
      headers: { origin, 'content-type': formType },
      payload: form({ token, client_id: partner.id, client_secret: partner.secret }).payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({ method: 'OPTIONS', url: '/oauth/introspect' });
    expect(preflight.statusCode).toBe(404);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
