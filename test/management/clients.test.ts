import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { postToken } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { call, iso, people, type Reply, signedInToFreshOrg } from './support.js';
import { oauthError, expectAnswer } from '../helpers/replies.js';

/** What POST answers: the client's view plus its secret, shown this once. */
type Created = { client_id: string; client_secret: string };

async function clientCredentials(
  app: TestApp['app'],
  id: string,
  secret: string,
  scope?: string,
): Promise<Reply> {
  const res = await postToken(
    app,
    { grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) },
    { id, secret },
  );
  return { status: res.statusCode, body: res.json() };
}

describe.each(storeTargets)('/v1/orgs/:orgId/clients ($name)', (target) => {
  const ctx = useTestApp(target);

  const adminIn = () => signedInToFreshOrg(ctx().app, ctx().services, people.admin, 'admin');

  it('creates a confidential client and shows its secret once', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await adminIn();
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, { name: 'Backend' });
    expectAnswer(res, 201, {
      client_id: expect.stringMatching(/^ghc_[0-9A-Za-z]{20}$/),
      org_id: orgId,
      name: 'Backend',
      type: 'confidential',
      grant_types: ['client_credentials'],
      scopes: [],
      redirect_uris: [],
      access_token_ttl: null,
      platform: false,
      pkce_required: true,
      install: false,
      created_at: iso(clock.now()),
      revoked_at: null,
      client_secret: expect.stringMatching(/^ghcs_[0-9A-Za-z]{40}$/),
    });
  });

  it('gives the new client a client_credentials token in its org', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await adminIn();
    const created = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, {
      name: 'Worker',
      scopes: ['flows:read', 'flows:write'],
      access_token_ttl: 120,
    });
    const { client_id, client_secret } = created.body as Created;
    const res = await clientCredentials(app, client_id, client_secret, 'flows:read');
    expect(res).toEqual({
      status: 200,
      body: {
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 120,
        scope: 'flows:read',
      },
    });
    const { access_token } = res.body as { access_token: string };
    expect(decodeJwt(access_token)).toMatchObject({
      sub: client_id,
      client_id,
      org: orgId,
      sub_type: 'client',
      scope: 'flows:read',
      exp: clock.now() + 120,
    });
  });

  it('creates a public client without a secret', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await adminIn();
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, {
      name: 'SPA',
      type: 'public',
      grant_types: ['refresh_token'],
      redirect_uris: ['http://127.0.0.1:5173/callback'],
    });
    expectAnswer(res, 201, {
      client_id: expect.stringMatching(/^ghc_[0-9A-Za-z]{20}$/),
      org_id: orgId,
      name: 'SPA',
      type: 'public',
      grant_types: ['refresh_token'],
      scopes: [],
      redirect_uris: ['http://127.0.0.1:5173/callback'],
      access_token_ttl: null,
      platform: false,
      pkce_required: true,
      install: false,
      created_at: iso(clock.now()),
      revoked_at: null,
    });
  });

  it('shows an install client the operator registered, in every view, and revokes it', async () => {
    const { app, clock, services } = ctx();
    const { orgId, token } = await adminIn();
    const url = `/v1/orgs/${orgId}/clients`;
    // As `gatehouse clients create --install` registers it: the API does not accept install.
    const { client } = await services.clients.create({
      orgId,
      name: 'Installer',
      redirectUris: ['https://installer.example/install/callback'],
      install: true,
      pkceRequired: false,
    });
    const view = {
      client_id: client.id,
      org_id: orgId,
      name: 'Installer',
      type: 'confidential',
      grant_types: ['client_credentials'],
      scopes: [],
      redirect_uris: ['https://installer.example/install/callback'],
      access_token_ttl: null,
      platform: false,
      pkce_required: false,
      install: true,
      created_at: iso(clock.now()),
      revoked_at: null,
    };
    expectAnswer(await call(app, 'GET', url, token), 200, { data: [view] });
    clock.advance(1);
    expectAnswer(await call(app, 'DELETE', `${url}/${client.id}`, token), 200, {
      ...view,
      revoked_at: iso(clock.now()),
    });
  });

  it('registers a confidential client that requires PKCE, unless told, and is no install client', async () => {
    const { app } = ctx();
    const { orgId, token } = await adminIn();
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, {
      name: 'Web app',
      redirect_uris: ['https://app.example/cb'],
      pkce_required: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pkce_required: true, install: false });
  });

  it('lists the clients of the org without their secrets', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await adminIn();
    const url = `/v1/orgs/${orgId}/clients`;
    const first = await call(app, 'POST', url, token, { name: 'one' });
    clock.advance(1);
    const second = await call(app, 'POST', url, token, { name: 'two' });
    const { client_secret: firstSecret, ...firstView } = first.body as Created;
    const { client_secret: secondSecret, ...secondView } = second.body as Created;

    const res = await call(app, 'GET', url, token);
    expectAnswer(res, 200, { data: [firstView, secondView] });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(firstSecret);
    expect(text).not.toContain(secondSecret);
    expect(text).not.toContain('client_secret');
  });

  it('revokes a client, which can no longer authenticate', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await adminIn();
    const created = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, { name: 'c' });
    const { client_secret, ...view } = created.body as Created;
    const id = view.client_id;
    expect((await clientCredentials(app, id, client_secret)).status).toBe(200);

    clock.advance(2);
    const res = await call(app, 'DELETE', `/v1/orgs/${orgId}/clients/${id}`, token);
    expectAnswer(res, 200, { ...view, revoked_at: iso(clock.now()) });

    expect(await clientCredentials(app, id, client_secret)).toEqual({
      status: 401,
      body: oauthError('invalid_client', 'client authentication failed'),
    });
    clock.advance(2);
    const again = await call(app, 'DELETE', `/v1/orgs/${orgId}/clients/${id}`, token);
    expect(again.body).toEqual(res.body);
  });

  it('answers 404 for a client id that does not exist', async () => {
    const { app } = ctx();
    const { orgId, token } = await adminIn();
    const res = await call(app, 'DELETE', `/v1/orgs/${orgId}/clients/ghc_nope`, token);
    expectAnswer(res, 404, { type: 'not_found', message: 'no such client' });
  });
});
