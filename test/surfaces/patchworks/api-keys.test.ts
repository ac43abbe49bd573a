import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { storeTargets } from '../../helpers/targets.js';
import {
  admin,
  call,
  company,
  contractKey,
  createKey,
  demoKey,
  flows,
  forbidden,
  invalidRequest,
  login,
  manager,
  notFound,
  unauthorized,
} from './support.js';
import { expectAnswer } from '../../helpers/replies.js';

const keyId = /^key_[0-9A-Za-z]{16}$/;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe.each(storeTargets)('/fabric/api/api-keys ($name)', (target) => {
  const ctx = useTestApp(target);
  const adminAuth = async () => `Bearer ${await login(ctx().app, admin)}`;

  it('creates a key in the contract format, shown once, that never expires', async () => {
    const res = await call(ctx().app, 'POST', '/fabric/api/api-keys', await adminAuth(), {
      name: 'ERP connector',
    });
    expectAnswer(res, 201, {
      data: {
        id: expect.stringMatching(keyId),
        key: expect.stringMatching(contractKey),
        name: 'ERP connector',
        role: 'api-user',
        expires_at: null,
      },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('names a key api-user when no name is given, even with no body at all', async () => {
    const { app } = ctx();
    const res = await app.inject({
      method: 'POST',
      url: '/fabric/api/api-keys',
      headers: { authorization: await adminAuth() },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ data: { name: 'api-user', expires_at: null } });
  });

  it('makes each key its own manager-level api-user, usable as is or after Bearer', async () => {
    const { app, services } = ctx();
    const created = await createKey(app, await adminAuth());
    for (const authorization of [created.key, `Bearer ${created.key}`]) {
      const me = await call(app, 'GET', '/fabric/api/user', authorization);
      expect(me.body).toEqual({ data: { id: created.id, role: 'api-user', company } });
      expect((await call(app, 'GET', '/fabric/api/flows', authorization)).body).toEqual({
        data: flows,
      });
    }
    expect(await services.apiKeys.get(company.id, created.id)).toMatchObject({
      role: 'manager',
      createdBy: 'usr_patchworks_admin',
    });
  });

  it('lists the live keys of the company, without their secrets', async () => {
    const { app } = ctx();
    const auth = await adminAuth();
    const kept = await createKey(app, auth, { name: 'kept' });
    const revoked = await createKey(app, auth, { name: 'revoked' });
    expect((await call(app, 'DELETE', `/fabric/api/api-keys/${revoked.id}`, auth)).status).toBe(
      204,
    );
    const res = await call(app, 'GET', '/fabric/api/api-keys', auth);
    expect(res.status).toBe(200);
    const { data } = res.body as { data: Array<{ id: string }> };
    expect(data).toContainEqual({
      id: 'key_patchworks_demo',
      name: 'api-user',
      role: 'api-user',
      expires_at: null,
    });
    expect(data).toContainEqual({ id: kept.id, name: 'kept', role: 'api-user', expires_at: null });
    expect(data.map((k) => k.id)).not.toContain(revoked.id);
    expect(JSON.stringify(res.body)).not.toMatch(/pw_[0-9a-f]{32}|pw_demo_key/);
  });

  it('revokes a key: refused on the very next request; revoking again is harmless', async () => {
    const { app } = ctx();
    const auth = await adminAuth();
    const created = await createKey(app, auth);
    expect((await call(app, 'GET', '/fabric/api/flows', created.key)).status).toBe(200);
    const res = await call(app, 'DELETE', `/fabric/api/api-keys/${created.id}`, auth);
    expect(res).toMatchObject({ status: 204, body: undefined });
    const refused = await call(app, 'GET', '/fabric/api/flows', created.key);
    expect(refused).toMatchObject({ status: 401, body: unauthorized });
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="patchworks"');
    expect((await call(app, 'DELETE', `/fabric/api/api-keys/${created.id}`, auth)).status).toBe(
      204,
    );
  });

  it("answers another company's key and an unknown id with 404, and leaves the key alone", async () => {
    const { app } = ctx();
    const auth = await adminAuth();
    for (const id of ['key_partium_demo', 'key_doesnotexist00000']) {
      const res = await call(app, 'DELETE', `/fabric/api/api-keys/${id}`, auth);
      expect(res).toMatchObject({ status: 404, body: notFound });
    }
    const partium = await call(
      app,
      'GET',
      '/fabric/api/user',
      'partium_demo_key_5c1f0e2d9b8a7c6d4e3f',
    );
    expect(partium.status).toBe(200);
  });

  it('honours an expiry: the key works until then and is refused after', async () => {
    const { app, clock } = ctx();
    const expiresAt = clock.now() + 60;
    const created = await createKey(app, await adminAuth(), { expires_at: iso(expiresAt) });
    expect(created.expires_at).toBe(iso(expiresAt));
    clock.advance(59);
    expect((await call(app, 'GET', '/fabric/api/flows', created.key)).status).toBe(200);
    clock.advance(1);
    expect(await call(app, 'GET', '/fabric/api/flows', created.key)).toMatchObject({
      status: 401,
      body: unauthorized,
    });
  });

  it('takes expires_at null as never, and an offset time as the same instant', async () => {
    const { app } = ctx();
    const auth = await adminAuth();
    expect((await createKey(app, auth, { expires_at: null })).expires_at).toBeNull();
    const offset = await createKey(app, auth, { expires_at: '2099-06-01T12:00:00+02:00' });
    expect(offset.expires_at).toBe('2099-06-01T10:00:00.000Z');
  });

  it.each([
    ['an expiry in the past', { expires_at: '2001-01-01T00:00:00Z' }],
    ['an expiry that is not RFC 3339', { expires_at: 'next tuesday' }],
    ['an expiry as a number', { expires_at: 4102444800 }],
    ['an empty name', { name: '' }],
    ['a name of 201 characters', { name: 'n'.repeat(201) }],
    ['a name that is not a string', { name: ['api-user'] }],
    ['a role (every key is manager-level)', { role: 'admin' }],
  ])('answers %s with 400 invalid_request', async (_name, body) => {
    const res = await call(ctx().app, 'POST', '/fabric/api/api-keys', await adminAuth(), body);
    expect(res).toMatchObject({ status: 400, body: invalidRequest });
  });

  it('lets neither a manager nor an API key manage keys', async () => {
    const { app } = ctx();
    const target = await createKey(app, await adminAuth());
    const managerAuth = `Bearer ${await login(app, manager)}`;
    for (const authorization of [managerAuth, demoKey, target.key]) {
      for (const [method, url] of [
        ['GET', '/fabric/api/api-keys'],
        ['POST', '/fabric/api/api-keys'],
        ['DELETE', `/fabric/api/api-keys/${target.id}`],
      ] as const) {
        const res = await call(app, method, url, authorization, method === 'POST' ? {} : undefined);
        expect(res).toMatchObject({ status: 403, body: forbidden });
      }
    }
    // The key survived every attempt.
    expect((await call(app, 'GET', '/fabric/api/flows', target.key)).status).toBe(200);
  });

  it('never lets an administrator revoke an owner key (403), and leaves it working', async () => {
    const { app, services } = ctx();
    const { apiKey, secret } = await services.apiKeys.create({
      orgId: company.id,
      name: 'owner key',
      role: 'owner',
    });
    const res = await call(app, 'DELETE', `/fabric/api/api-keys/${apiKey.id}`, await adminAuth());
    expect(res).toEqual({ status: 403, body: forbidden, headers: expect.any(Object) });
    expect((await services.apiKeys.verify(secret))?.revokedAt).toBeNull();
  });
});
