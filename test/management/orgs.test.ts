import { describe, expect, it } from 'vitest';
import { partner, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { call, nonPersonCredentials, notAPerson, people, signIn, tokenRequest } from './support.js';
import { expectAnswer } from '../helpers/replies.js';

describe.each(storeTargets)('GET /v1/orgs ($name)', (target) => {
  const ctx = useTestApp(target);

  it("lists the user's orgs and roles in the order they were joined", async () => {
    const { app } = ctx();
    const res = await call(app, 'GET', '/v1/orgs', await signIn(app, people.dev));
    expectAnswer(res, 200, {
      data: [
        { id: 'org_demo_parts', name: 'Demo Parts Co', kind: null, role: 'developer' },
        { id: 'org_second_parts', name: 'Second Parts Co', kind: null, role: 'member' },
      ],
    });
  });

  it('lists one org for a user in one org', async () => {
    const { app } = ctx();
    const viewer = await call(app, 'GET', '/v1/orgs', await signIn(app, people.viewer));
    expect(viewer.body).toEqual({
      data: [{ id: 'org_demo_parts', name: 'Demo Parts Co', kind: null, role: 'member' }],
    });
    const admin = await call(app, 'GET', '/v1/orgs', await signIn(app, people.admin));
    expect(admin.body).toEqual({
      data: [{ id: 'org_demo_retail', name: 'Demo Retail', kind: 'company', role: 'admin' }],
    });
  });

  it('lists every org of the user whichever org the token acts in', async () => {
    const { app } = ctx();
    const res = await tokenRequest(app, {
      grant_type: 'password',
      username: people.dev.email,
      password: people.dev.password,
      org_id: 'org_second_parts',
    });
    const { access_token } = res.body as { access_token: string };
    const orgs = await call(app, 'GET', '/v1/orgs', access_token);
    expectAnswer(orgs, 200, {
      data: [
        { id: 'org_demo_parts', name: 'Demo Parts Co', kind: null, role: 'developer' },
        { id: 'org_second_parts', name: 'Second Parts Co', kind: null, role: 'member' },
      ],
    });
  });

  it('shows a membership the moment it is made', async () => {
    const { app, services } = ctx();
    const token = await signIn(app, people.manager);
    const org = await services.orgs.create({ name: 'Later Co', kind: 'supplier' });
    await services.users.addToOrg(people.manager.id, org.id, 'owner');
    const res = await call(app, 'GET', '/v1/orgs', token);
    expect(res.body).toEqual({
      data: [
        { id: 'org_demo_retail', name: 'Demo Retail', kind: 'company', role: 'manager' },
        { id: org.id, name: 'Later Co', kind: 'supplier', role: 'owner' },
      ],
    });
  });

  it('forbids credentials that are not a person: an API key, its token, a client token', async () => {
    const { app } = ctx();
    for (const credential of await nonPersonCredentials(app)) {
      expect(await call(app, 'GET', '/v1/orgs', credential)).toEqual(notAPerson);
    }
  });

  it('challenges a request without a credential', async () => {
    const { app } = ctx();
    expect(await call(app, 'GET', '/v1/orgs', undefined)).toEqual({
      status: 401,
      body: { type: 'unauthorized', message: 'a Bearer credential is required' },
      wwwAuthenticate: 'Bearer realm="gatehouse"',
    });
    const res = await app.inject({
      method: 'GET',
      url: '/v1/orgs',
      headers: { authorization: `Basic ${Buffer.from(`${partner.id}:x`).toString('base64')}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
  });
});
