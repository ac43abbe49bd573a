import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { basic, form, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { call, people } from './support.js';

const noSuchOrg = { type: 'not_found', message: 'no such org' };

// A client registered by an org acts for that org alone (oauth/grants/client-org.ts): a
// person's token from it manages that org only, even where the person holds a higher role
// in another.
describe.each(storeTargets)("an org's own client at /v1 ($name)", (target) => {
  const ctx = useTestApp(target);

  /** dev@partium.example (developer of Demo Parts Co) signed in through Second Parts Co's app. */
  async function tokenFromSecondPartsApp(app: FastifyInstance): Promise<string> {
    const { services } = ctx();
    const { client, secret } = await services.clients.create({
      orgId: 'org_second_parts',
      name: 'Second Parts app',
      grantTypes: ['password'],
    });
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      ...form({
        grant_type: 'password',
        username: people.dev.email,
        password: people.dev.password,
      }),
      headers: { ...form({}).headers, authorization: basic(client.id, secret ?? '') },
    });
    expect(res.statusCode).toBe(200);
    return (res.json() as { access_token: string }).access_token;
  }

  it('cannot create or list keys in another org of its person', async () => {
    const { app, services } = ctx();
    const token = await tokenFromSecondPartsApp(app);
    const payload = { name: 'from another org', role: 'developer' };
    const created = await call(app, 'POST', '/v1/orgs/org_demo_parts/api-keys', token, payload);
    expect({ status: created.status, body: created.body }).toEqual({
      status: 404,
      body: noSuchOrg,
    });
    const listed = await call(app, 'GET', '/v1/orgs/org_demo_parts/api-keys', token);
    expect({ status: listed.status, body: listed.body }).toEqual({ status: 404, body: noSuchOrg });
    expect(await services.apiKeys.list('org_demo_parts')).not.toContainEqual(
      expect.objectContaining({ name: 'from another org' }),
    );
  });

  it("cannot revoke another org's keys, nor touch its clients", async () => {
    const { app, services } = ctx();
    const token = await tokenFromSecondPartsApp(app);
    const [key] = await services.apiKeys.list('org_demo_parts');
    const attempts = [
      call(app, 'DELETE', `/v1/orgs/org_demo_parts/api-keys/${key?.id ?? ''}`, token),
      call(app, 'GET', '/v1/orgs/org_demo_parts/clients', token),
      call(app, 'POST', '/v1/orgs/org_demo_parts/clients', token, { name: 'from afar' }),
      call(app, 'DELETE', '/v1/orgs/org_demo_parts/clients/gatehouse_demo_spa', token),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 404,
        body: noSuchOrg,
      });
    }
    expect(await services.apiKeys.list('org_demo_parts')).toContainEqual(
      expect.objectContaining({ id: key?.id, revokedAt: null }),
    );
  });

  it('lists only its own org, and is judged there by the role its person holds', async () => {
    const { app } = ctx();
    const token = await tokenFromSecondPartsApp(app);
    const orgs = await call(app, 'GET', '/v1/orgs', token);
    expect({ status: orgs.status, body: orgs.body }).toEqual({
      status: 200,
      body: {
        data: [{ id: 'org_second_parts', name: 'Second Parts Co', kind: null, role: 'member' }],
      },
    });
    const keys = await call(app, 'GET', '/v1/orgs/org_second_parts/api-keys', token);
    expect({ status: keys.status, body: keys.body }).toEqual({
      status: 403,
      body: { type: 'forbidden', message: 'this needs the developer role or higher in the org' },
    });
  });
});
