import { describe, expect, it } from 'vitest';
import { partner, useTestApp } from '../helpers/app.js';
import { clientCredentialsRequest } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import {
  call,
  freshOrg,
  nonPersonCredentials,
  notAPerson,
  people,
  refusal,
  signIn,
} from './support.js';
import { expectAnswer } from '../helpers/replies.js';

const needsAdmin = refusal(403, 'forbidden', 'this needs the admin role or higher in the org');

describe.each(storeTargets)('/v1 clients: who may ($name)', (target) => {
  const ctx = useTestApp(target);

  it('forbids a developer and a manager every client route', async () => {
    const { app } = ctx();
    const cases = [
      { person: people.dev, orgId: 'org_demo_parts' },
      { person: people.manager, orgId: 'org_demo_retail' },
    ];
    for (const { person, orgId } of cases) {
      const token = await signIn(app, person);
      const base = `/v1/orgs/${orgId}/clients`;
      expect(await call(app, 'POST', base, token, { name: 'c' })).toEqual(needsAdmin);
      expect(await call(app, 'GET', base, token)).toEqual(needsAdmin);
      expect(await call(app, 'DELETE', `${base}/ghc_any`, token)).toEqual(needsAdmin);
    }
  });

  it('lets an owner manage clients', async () => {
    const { app, services } = ctx();
    const owner = await services.users.create({
      email: 'owner@fresh.example',
      password: 'owner-pass-123',
    });
    const orgId = await freshOrg(services, owner.id, 'owner');
    const token = await signIn(app, { email: 'owner@fresh.example', password: 'owner-pass-123' });
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, { name: 'c' });
    expect(res.status).toBe(201);
    const { client_secret, ...view } = res.body as { client_secret: string };
    expect(client_secret).toMatch(/^ghcs_/);
    const listed = await call(app, 'GET', `/v1/orgs/${orgId}/clients`, token);
    expect(listed.body).toEqual({ data: [view] });
  });

  it('answers an org the admin is not in exactly like one that does not exist', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.admin);
    for (const orgId of ['org_demo_parts', 'org_does_not_exist']) {
      expect(await call(app, 'GET', `/v1/orgs/${orgId}/clients`, token)).toEqual(
        refusal(404, 'not_found', 'no such org'),
      );
    }
  });

  it("answers 404 for another org's client and leaves that client working", async () => {
    const { app } = ctx();
    const token = await signIn(app, people.admin);
    const url = `/v1/orgs/org_demo_retail/clients/${partner.id}`;
    const res = await call(app, 'DELETE', url, token);
    expectAnswer(res, 404, { type: 'not_found', message: 'no such client' });
    const stillWorks = await clientCredentialsRequest(app, partner);
    expect(stillWorks.statusCode).toBe(200);
  });

  it('forbids credentials that are not a person', async () => {
    const { app } = ctx();
    for (const credential of await nonPersonCredentials(app)) {
      const res = await call(app, 'GET', '/v1/orgs/org_demo_retail/clients', credential);
      expect(res).toEqual(notAPerson);
    }
  });

  it('challenges a missing or junk bearer', async () => {
    const { app } = ctx();
    const url = '/v1/orgs/org_demo_retail/clients';
    expect(await call(app, 'POST', url, undefined, { name: 'c' })).toEqual({
      status: 401,
      body: { type: 'unauthorized', message: 'a Bearer credential is required' },
      wwwAuthenticate: 'Bearer realm="gatehouse"',
    });
    expect(await call(app, 'GET', url, 'not-a-credential')).toEqual({
      status: 401,
      body: { type: 'unauthorized', message: 'the API key is invalid, expired or revoked' },
      wwwAuthenticate: 'Bearer realm="gatehouse"',
    });
  });
});
