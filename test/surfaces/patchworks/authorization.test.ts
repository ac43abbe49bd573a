import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { partner, useTestApp } from '../../helpers/app.js';
import { basicClientToken } from '../../helpers/requests.js';
import { storeTargets } from '../../helpers/targets.js';
import {
  admin,
  call,
  company,
  demoKey,
  flows,
  forbidden,
  login,
  manager,
  unauthorized,
} from './support.js';

const blueprint = { name: 'Shopify to NetSuite' };
const created = { data: { id: expect.stringMatching(/^bp_[0-9A-Za-z]{16}$/), ...blueprint } };
const createdKey = { data: expect.objectContaining({ role: 'api-user' }) };

/** A client_credentials token: a credential of the partner org that carries no role. */
function clientToken(app: FastifyInstance): Promise<string> {
  return basicClientToken(app, partner);
}

// Who may do what (docs/patchworks.md, "Authorisation"): an API key is
// manager-level, a token carries its person's role, and administration needs an admin.
describe.each(storeTargets)('Patchworks-style authorisation ($name)', (target) => {
  const ctx = useTestApp(target);
  const auth: Record<string, string> = {};

  beforeAll(async () => {
    const { app, services } = ctx();
    const owner = await services.users.create({
      email: 'owner@patchworks.example',
      password: 'demo-owner-pass',
    });
    await services.users.addToOrg(owner.id, company.id, 'owner');
    auth.key = demoKey;
    auth.bearerKey = `Bearer ${demoKey}`;
    auth.manager = `Bearer ${await login(app, manager)}`;
    auth.admin = `Bearer ${await login(app, admin)}`;
    auth.owner = `Bearer ${await login(app, { username: 'owner@patchworks.example', password: 'demo-owner-pass' })}`;
    // People of another company, signing in here: a developer is above manager, a member below.
    auth.developer = `Bearer ${await login(app, { username: 'dev@partium.example', password: 'demo-dev-pass' })}`;
    auth.member = `Bearer ${await login(app, { username: 'viewer@partium.example', password: 'demo-viewer-pass' })}`;
    auth.client = `Bearer ${await clientToken(app)}`;
    // A credential of the company that carries no role: a key made elsewhere without one.
    const roleless = await services.apiKeys.create({ orgId: company.id, name: 'no role' });
    auth.roleless = roleless.secret;
  });

  const parts = { id: 'org_demo_parts', name: 'Demo Parts Co' };
  it.each([
    ['an API key as is', 'key', { id: 'key_patchworks_demo', role: 'api-user', company }],
    [
      'an API key after Bearer',
      'bearerKey',
      { id: 'key_patchworks_demo', role: 'api-user', company },
    ],
    ['a manager token', 'manager', { id: 'usr_patchworks_manager', role: 'manager', company }],
    ['an admin token', 'admin', { id: 'usr_patchworks_admin', role: 'admin', company }],
    [
      'a developer token',
      'developer',
      { id: 'usr_partium_dev', role: 'developer', company: parts },
    ],
    ['a member token', 'member', { id: 'usr_partium_viewer', role: 'member', company: parts }],
  ])('GET /fabric/api/user with %s says who it acts as', async (_name, who, data) => {
    const res = await call(ctx().app, 'GET', '/fabric/api/user', auth[who]);
    expect(res).toMatchObject({ status: 200, body: { data } });
  });

  it('refuses a token of the native token endpoint: it is not for this surface', async () => {
    for (const url of ['/fabric/api/user', '/fabric/api/flows']) {
      expect(await call(ctx().app, 'GET', url, auth.client)).toMatchObject({
        status: 401,
        body: unauthorized,
      });
    }
  });

  it.each([
    ['an API key as is', 'key', 200, { data: flows }],
    ['an API key after Bearer', 'bearerKey', 200, { data: flows }],
    ['a manager token', 'manager', 200, { data: flows }],
    ['an admin token', 'admin', 200, { data: flows }],
    ['an owner token', 'owner', 200, { data: flows }],
    ['a developer token (its own company has no flows)', 'developer', 200, { data: [] }],
    ['a member token', 'member', 403, forbidden],
    ['a key with no role', 'roleless', 403, forbidden],
  ])('GET /fabric/api/flows with %s: %i', async (_name, who, status, body) => {
    expect(await call(ctx().app, 'GET', '/fabric/api/flows', auth[who])).toMatchObject({
      status,
      body,
    });
  });

  it.each([
    ['an API key as is', 'key', 403, forbidden],
    ['an API key after Bearer', 'bearerKey', 403, forbidden],
    ['a manager token', 'manager', 403, forbidden],
    ['a developer token', 'developer', 403, forbidden],
    ['an admin token', 'admin', 201, created],
    ['an owner token', 'owner', 201, created],
  ])('POST /fabric/api/blueprints with %s: %i', async (_name, who, status, body) => {
    const res = await call(ctx().app, 'POST', '/fabric/api/blueprints', auth[who], blueprint);
    expect(res).toMatchObject({ status, body });
  });

  it('tells an API key forbidden before it looks at the body', async () => {
    const res = await call(ctx().app, 'POST', '/fabric/api/blueprints', demoKey, { name: 7 });
    expect(res).toMatchObject({ status: 403, body: forbidden });
  });

  it('lists the blueprints of the company to an admin only', async () => {
    const { app } = ctx();
    const res = await call(app, 'GET', '/fabric/api/blueprints', auth.admin);
    expect(res.status).toBe(200);
    const { data } = res.body as { data: Array<{ name: string }> };
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((b) => b.name === blueprint.name)).toBe(true);
    for (const who of ['key', 'manager']) {
      const refused = await call(app, 'GET', '/fabric/api/blueprints', auth[who]);
      expect(refused).toMatchObject({ status: 403, body: forbidden });
    }
    // Another company's admin-level person sees none of them.
    const elsewhere = await call(app, 'GET', '/fabric/api/blueprints', auth.developer);
    expect(elsewhere).toMatchObject({ status: 403, body: forbidden });
  });

  it.each([
    ['an API key', 'key', 403, forbidden],
    ['a manager token', 'manager', 403, forbidden],
    ['an admin token', 'admin', 201, createdKey],
  ])('POST /fabric/api/api-keys with %s: %i', async (_name, who, status, body) => {
    const res = await call(ctx().app, 'POST', '/fabric/api/api-keys', auth[who], {});
    expect(res).toMatchObject({ status, body });
  });

  it('refuses an admin-role key made elsewhere: a key is an api-user, never an administrator', async () => {
    const { app, services } = ctx();
    const { secret } = await services.apiKeys.create({
      orgId: company.id,
      name: 'admin-role key',
      role: 'admin',
    });
    for (const url of ['/fabric/api/blueprints', '/fabric/api/api-keys']) {
      expect(await call(app, 'GET', url, secret)).toMatchObject({ status: 403, body: forbidden });
    }
    expect(await call(app, 'GET', '/fabric/api/flows', secret)).toMatchObject({ status: 200 });
  });
});
