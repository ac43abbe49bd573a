import { describe, expect, it } from 'vitest';
import { basic, partner, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { apiKeyToken, call, exchangeApiKey, iso, people, refusal, signIn } from './support.js';
import { expectJson, expectAnswer } from '../helpers/replies.js';

const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
const patchworksKey = 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f';
const challenge = 'Bearer realm="gatehouse"';

describe.each(storeTargets)('/v1 API keys: who may ($name)', (target) => {
  const ctx = useTestApp(target);

  it('forbids a member of the org every API-key route', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.viewer);
    const forbidden = refusal(
      403,
      'forbidden',
      'this needs the developer role or higher in the org',
    );
    const base = '/v1/orgs/org_demo_parts/api-keys';
    expect(await call(app, 'POST', base, token, { name: 'k' })).toEqual(forbidden);
    expect(await call(app, 'GET', base, token)).toEqual(forbidden);
    expect(await call(app, 'DELETE', `${base}/key_partium_demo`, token)).toEqual(forbidden);
    expect((await exchangeApiKey(app, partiumKey)).status).toBe(200);
  });

  it('forbids a developer where they are only a member', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const res = await call(app, 'GET', '/v1/orgs/org_second_parts/api-keys', token);
    expectAnswer(res, 403, {
      type: 'forbidden',
      message: 'this needs the developer role or higher in the org',
    });
  });

  it('answers an org the user is not in exactly like one that does not exist', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const notFound = refusal(404, 'not_found', 'no such org');
    for (const orgId of ['org_demo_retail', 'org_does_not_exist']) {
      expect(await call(app, 'GET', `/v1/orgs/${orgId}/api-keys`, token)).toEqual(notFound);
      expect(await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, { name: 'k' })).toEqual(
        notFound,
      );
    }
  });

  it("answers 404 for another org's key id and leaves that key working", async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const url = '/v1/orgs/org_demo_parts/api-keys/key_patchworks_demo';
    const res = await call(app, 'DELETE', url, token);
    expectAnswer(res, 404, { type: 'not_found', message: 'no such API key' });
    expect((await exchangeApiKey(app, patchworksKey)).status).toBe(200);
  });

  it('never lets a key carry a higher role than its creator', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const url = '/v1/orgs/org_demo_parts/api-keys';
    for (const role of ['admin', 'owner']) {
      const res = await call(app, 'POST', url, token, { name: 'k', role });
      expectAnswer(res, 403, {
        type: 'forbidden',
        message: `a developer cannot create a key with the ${role} role`,
      });
    }
    const same = await call(app, 'POST', url, token, { name: 'k', role: 'developer' });
    expect(same.status).toBe(201);
  });

  it('lets an admin create an admin key', async () => {
    const { app, clock } = ctx();
    const token = await signIn(app, people.admin);
    const res = await call(app, 'POST', '/v1/orgs/org_demo_retail/api-keys', token, {
      name: 'ops',
      role: 'admin',
    });
    expect(res.status).toBe(201);
    const { key } = res.body as { key: string };
    expect(res.body).toEqual({
      id: expect.stringMatching(/^key_/),
      org_id: 'org_demo_retail',
      name: 'ops',
      start: key.slice(0, 7),
      role: 'admin',
      scopes: [],
      created_by: people.admin.id,
      created_at: iso(clock.now()),
      expires_at: null,
      revoked_at: null,
      key: expect.stringMatching(/^gh_[0-9A-Za-z]{30}$/),
    });
  });

  it('challenges a request without a Bearer credential', async () => {
    const { app } = ctx();
    const url = '/v1/orgs/org_demo_parts/api-keys';
    const required = refusal(401, 'unauthorized', 'a Bearer credential is required', challenge);
    expect(await call(app, 'GET', url, undefined)).toEqual(required);
    const res = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: basic(partner.id, partner.secret) },
    });
    expectJson(res, 401, required.body);
  });

  it('challenges a junk bearer, a forged token and an unknown key', async () => {
    const { app } = ctx();
    const url = '/v1/orgs/org_demo_parts/api-keys';
    const badKey = refusal(
      401,
      'unauthorized',
      'the API key is invalid, expired or revoked',
      challenge,
    );
    expect(await call(app, 'GET', url, 'junk')).toEqual(badKey);
    expect(await call(app, 'GET', url, 'gh_000000000000000000000000000000')).toEqual(badKey);
    expect(await call(app, 'GET', url, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln')).toEqual(
      refusal(401, 'unauthorized', 'the access token is invalid, expired or revoked', challenge),
    );
  });

  it('challenges a user token once it has expired', async () => {
    const { app, clock } = ctx();
    const token = await signIn(app, people.dev);
    clock.advance(600);
    try {
      const res = await call(app, 'GET', '/v1/orgs/org_demo_parts/api-keys', token);
      expect(res).toEqual(
        refusal(401, 'unauthorized', 'the access token is invalid, expired or revoked', challenge),
      );
    } finally {
      clock.advance(-600);
    }
  });

  it("forbids a credential that is not a person's: an API key or a token derived from one", async () => {
    const { app } = ctx();
    const derived = await apiKeyToken(app, partiumKey);
    const forbidden = refusal(403, 'forbidden', "the management API needs a user's access token");
    const url = '/v1/orgs/org_demo_parts/api-keys';
    for (const credential of [derived, partiumKey]) {
      expect(await call(app, 'GET', url, credential)).toEqual(forbidden);
      expect(await call(app, 'POST', url, credential, { name: 'k' })).toEqual(forbidden);
    }
  });

  it('never lets anyone revoke a key above their own role', async () => {
    const { app, services } = ctx();
    const token = await signIn(app, people.dev);
    const base = '/v1/orgs/org_demo_parts/api-keys';
    for (const role of ['owner', 'admin'] as const) {
      const { apiKey, secret } = await services.apiKeys.create({
        orgId: 'org_demo_parts',
        name: `${role} key`,
        role,
      });
      expect(await call(app, 'DELETE', `${base}/${apiKey.id}`, token)).toEqual(
        refusal(403, 'forbidden', `a developer cannot revoke a key with the ${role} role`),
      );
      expect((await exchangeApiKey(app, secret)).status).toBe(200);
    }
    // A key at the revoker's own role, or below it, or with no role, is theirs to revoke.
    for (const role of ['developer', 'member', null] as const) {
      const { apiKey } = await services.apiKeys.create({
        orgId: 'org_demo_parts',
        name: 'k',
        role,
      });
      const res = await call(app, 'DELETE', `${base}/${apiKey.id}`, token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: apiKey.id, role, revoked_at: expect.any(String) });
    }
  });
});
