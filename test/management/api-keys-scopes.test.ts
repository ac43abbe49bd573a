import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { call, people, signIn } from './support.js';

// An API key carries only scopes its org defines: anything else is refused at creation,
// so that a key can never be made to carry `admin` or `*` where the org has no such scope.
describe.each(storeTargets)('/v1 API key scopes ($name)', (target) => {
  const ctx = useTestApp(target);

  async function developerIn(scopes: string[]) {
    const { app, services } = ctx();
    const org = await services.orgs.create({ name: 'Scoped Co', scopes });
    await services.users.addToOrg(people.dev.id, org.id, 'developer');
    return { orgId: org.id, token: await signIn(app, people.dev) };
  }

  it('refuses a key with scopes the org does not define, naming them', async () => {
    const { app } = ctx();
    const { orgId, token } = await developerIn(['parts:read']);
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, {
      name: 'greedy',
      scopes: ['parts:read', 'admin', 'payments:write', '*'],
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: {
        type: 'invalid_scope',
        message: 'scope not defined by the organization: admin payments:write *',
      },
    });
    const listed = await call(app, 'GET', `/v1/orgs/${orgId}/api-keys`, token);
    expect(listed.body).toEqual({ data: [] });
  });

  it('refuses any scope in an org that defines none', async () => {
    const { app } = ctx();
    const { orgId, token } = await developerIn([]);
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, {
      name: 'k',
      scopes: ['parts:read'],
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { type: 'invalid_scope', message: 'scope not defined by the organization: parts:read' },
    });
  });

  it('creates a key with scopes the org defines', async () => {
    const { app } = ctx();
    const { orgId, token } = await developerIn(['parts:read', 'parts:write']);
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, {
      name: 'reader',
      scopes: ['parts:read'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ scopes: ['parts:read'] });
  });
});
