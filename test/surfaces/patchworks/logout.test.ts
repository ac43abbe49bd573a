import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { storeTargets } from '../../helpers/targets.js';
import { call, demoKey, flows, invalidRequest, login, manager, unauthorized } from './support.js';

const signedOut = { status: 204, body: undefined };

// Sign-out: POST /fabric/api/logout revokes the bearer token, in the surface's wire format.
describe.each(storeTargets)('POST /fabric/api/logout ($name)', (target) => {
  const ctx = useTestApp(target);
  const logout = (authorization?: string) =>
    call(ctx().app, 'POST', '/fabric/api/logout', authorization);

  it('revokes the token: it is refused from the next request, others are not', async () => {
    const { app } = ctx();
    const token = await login(app, manager);
    const other = await login(app, manager);
    expect((await call(app, 'GET', '/fabric/api/flows', `Bearer ${token}`)).body).toEqual({
      data: flows,
    });
    expect(await logout(`Bearer ${token}`)).toMatchObject(signedOut);
    const refused = await call(app, 'GET', '/fabric/api/flows', `Bearer ${token}`);
    expect(refused).toMatchObject({ status: 401, body: unauthorized });
    expect((await call(app, 'GET', '/fabric/api/flows', `Bearer ${other}`)).status).toBe(200);
  });

  it('is idempotent: a token already revoked, or expired, is 204 again', async () => {
    const { app, clock } = ctx();
    const token = await login(app, manager);
    expect(await logout(`Bearer ${token}`)).toMatchObject(signedOut);
    expect(await logout(`Bearer ${token}`)).toMatchObject(signedOut);
    const later = await login(app, manager);
    clock.advance(601);
    expect(await logout(`Bearer ${later}`)).toMatchObject(signedOut);
  });

  it('answers no credential with 401 unauthorized and a challenge', async () => {
    const res = await logout();
    expect(res).toMatchObject({ status: 401, body: unauthorized });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="patchworks"');
  });

  it.each([
    ['an API key as is', demoKey],
    ['an API key after Bearer', `Bearer ${demoKey}`],
  ])('answers %s with 400 invalid_request; the key still works', async (_name, authorization) => {
    const { app } = ctx();
    expect(await logout(authorization)).toMatchObject({ status: 400, body: invalidRequest });
    expect((await call(app, 'GET', '/fabric/api/flows', demoKey)).status).toBe(200);
  });

  it('answers any other method with 405 and an Allow header', async () => {
    const res = await call(ctx().app, 'GET', '/fabric/api/logout');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body).toEqual({ type: 'method_not_allowed' });
  });
});
