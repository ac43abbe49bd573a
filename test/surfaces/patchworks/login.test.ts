import { describe, expect, it } from 'vitest';
import { testIssuer, useTestApp } from '../../helpers/app.js';
import { storeTargets } from '../../helpers/targets.js';
import { admin, call, flows, invalidRequest, login, manager, unauthorized } from './support.js';
import { expectAnswer } from '../../helpers/replies.js';

const jwt = /^[\w-]+\.[\w-]+\.[\w-]+$/;

describe.each(storeTargets)('POST /fabric/api/login ($name)', (target) => {
  const ctx = useTestApp(target);

  it('gives a Bearer token for the ACCESS_TOKEN_TTL, not cached, with no refresh token', async () => {
    const res = await call(ctx().app, 'POST', '/fabric/api/login', undefined, admin);
    expectAnswer(res, 200, {
      token: expect.stringMatching(jwt),
      token_type: 'Bearer',
      expires_in: 600,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('issues the token to the person, in their company, with their role', async () => {
    const { app, services } = ctx();
    const token = await login(app, manager);
    const claims = await services.accessTokens.verify(token, `${testIssuer}/patchworks`);
    expect(claims).toMatchObject({
      sub: 'usr_patchworks_manager',
      subType: 'user',
      orgId: 'org_demo_retail',
      role: 'manager',
      clientId: 'patchworks',
      scopes: [],
    });
    expect(claims.exp - claims.iat).toBe(600);
  });

  it('takes the username whatever its case and surrounding spaces', async () => {
    const res = await call(ctx().app, 'POST', '/fabric/api/login', undefined, {
      username: ' Admin@Patchworks.Example ',
      password: admin.password,
    });
    expect(res.status).toBe(200);
  });

  it('refuses the token once expires_in has passed: the client signs in again', async () => {
    const { app, clock } = ctx();
    const token = await login(app, manager);
    clock.advance(599);
    expect((await call(app, 'GET', '/fabric/api/flows', `Bearer ${token}`)).body).toEqual({
      data: flows,
    });
    clock.advance(1);
    const expired = await call(app, 'GET', '/fabric/api/flows', `Bearer ${token}`);
    expect(expired).toMatchObject({ status: 401, body: unauthorized });
    expect(
      (await call(app, 'GET', '/fabric/api/flows', `Bearer ${await login(app, manager)}`)).status,
    ).toBe(200);
  });

  it.each([
    ['a wrong password', { username: manager.username, password: 'not-the-password' }],
    ['an unknown user', { username: 'nobody@patchworks.example', password: 'demo-admin-pass' }],
  ])('answers %s with 401 unauthorized', async (_name, body) => {
    const res = await call(ctx().app, 'POST', '/fabric/api/login', undefined, body);
    expect(res).toMatchObject({ status: 401, body: unauthorized });
  });

  it('locks an account after 5 failures: even the right password is then unauthorized', async () => {
    const { app, services } = ctx();
    const user = await services.users.create({
      email: 'locked@patchworks.example',
      password: 'right-password',
    });
    await services.users.addToOrg(user.id, 'org_demo_retail', 'manager');
    const attempt = (password: string) =>
      call(app, 'POST', '/fabric/api/login', undefined, {
        username: 'locked@patchworks.example',
        password,
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401);
    expect(await attempt('right-password')).toMatchObject({ status: 401, body: unauthorized });
  });

  it('answers a person who belongs to no company with 403 forbidden', async () => {
    const { app, services } = ctx();
    await services.users.create({ email: 'loner@patchworks.example', password: 'loner-pass' });
    const res = await call(app, 'POST', '/fabric/api/login', undefined, {
      username: 'loner@patchworks.example',
      password: 'loner-pass',
    });
    expect(res).toMatchObject({ status: 403, body: { type: 'forbidden' } });
  });

  it.each([
    ['no password', { username: admin.username }],
    ['no username', { password: admin.password }],
    ['an empty password', { username: admin.username, password: '' }],
    ['a number for a password', { username: admin.username, password: 1234 }],
    ['null fields', { username: null, password: null }],
    ['an array', [admin.username, admin.password]],
  ])('answers %s with 400 invalid_request', async (_name, body) => {
    const res = await call(ctx().app, 'POST', '/fabric/api/login', undefined, body);
    expect(res).toMatchObject({ status: 400, body: invalidRequest });
  });
});
