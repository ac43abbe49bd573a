import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { backend, useTestApp } from '../helpers/app.js';
import {
  bearerRequest,
  passwordToken,
  postToken,
  tokenExchangeGrant,
  tokenExchangeRequest,
} from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { oauthError } from '../helpers/replies.js';

/** Demo Parts Co's key and people (docs/sandbox.md): another org than Acme's. */
const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };

const badCredentials = oauthError('invalid_grant', 'invalid username or password');
const badKey = oauthError('invalid_grant', 'the API key is invalid, expired or revoked');

type Credentials = { id: string; secret: string };

// A client registered by an org acts only for that org's users and keys; a platform client,
// registered by an operator, acts for any org.
describe.each(storeTargets)('clients act within their org ($name)', (target) => {
  const ctx = useTestApp(target);
  const acme = { orgId: '', client: { id: '', secret: '' }, keySecret: '' };
  const acmeAdmin = { email: 'admin@acme.example', password: 'acme-admin-pass' };
  const both = { email: 'both@acme.example', password: 'both-orgs-pass' };

  const token = (fields: Record<string, string>, client: Credentials) =>
    postToken(ctx().app, fields, client);
  const password = (person: { email: string; password: string }, extra = {}) =>
    token(
      { grant_type: 'password', username: person.email, password: person.password, ...extra },
      acme.client,
    );
  const exchange = (subjectToken: string, client: Credentials = acme.client) =>
    tokenExchangeRequest(ctx().app, subjectToken, {}, client);
  const reply = async (response: Awaited<ReturnType<typeof token>>) => ({
    status: response.statusCode,
    body: response.json() as Record<string, unknown>,
  });

  beforeAll(async () => {
    const { app, services } = ctx();
    const org = await services.orgs.create({ name: 'Acme' });
    acme.orgId = org.id;
    const admin = await services.users.create(acmeAdmin);
    await services.users.addToOrg(admin.id, org.id, 'admin');
    // A person of Demo Parts Co first, of Acme second.
    const member = await services.users.create(both);
    await services.users.addToOrg(member.id, 'org_demo_parts', 'member');
    await services.users.addToOrg(member.id, org.id, 'developer');
    const { secret } = await services.apiKeys.create({
      orgId: org.id,
      name: 'acme',
      role: 'member',
    });
    acme.keySecret = secret;

    // Acme's admin registers a client through the management API, as any org admin may.
    const signedIn = await passwordToken(app, acmeAdmin.email, acmeAdmin.password);
    const created = await bearerRequest(app, 'POST', `/v1/orgs/${org.id}/clients`, signedIn, {
      payload: {
        name: 'Acme backend',
        grant_types: ['password', 'refresh_token', tokenExchangeGrant],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ platform: false });
    acme.client = { id: created.json().client_id, secret: created.json().client_secret };
  });

  describe('RFC 8693 token exchange', () => {
    it("refuses another org's API key as it refuses an invalid one", async () => {
      expect(await reply(await exchange(partiumKey))).toEqual({ status: 400, body: badKey });
    });

    it("exchanges the org's own key", async () => {
      const res = await exchange(acme.keySecret);
      expect(res.statusCode).toBe(200);
      expect(decodeJwt(res.json().access_token)).toMatchObject({
        org: acme.orgId,
        client_id: acme.client.id,
      });
    });

    it('a platform client still exchanges any org’s key', async () => {
      const res = await exchange(partiumKey, backend);
      expect(res.statusCode).toBe(200);
      expect(decodeJwt(res.json().access_token)).toMatchObject({ org: 'org_demo_parts' });
    });
  });

  describe('RFC 6749 §4.3 password grant', () => {
    it('refuses a user of another org as it refuses an unknown user', async () => {
      expect(await reply(await password(dev))).toEqual({ status: 400, body: badCredentials });
      const named = await password(dev, { org_id: 'org_demo_parts' });
      expect(await reply(named)).toEqual({ status: 400, body: badCredentials });
    });

    it("refuses to act in another of the user's orgs", async () => {
      const res = await password(both, { org_id: 'org_demo_parts' });
      expect(await reply(res)).toEqual({ status: 400, body: badCredentials });
    });

    it("acts in the client's org, whichever org the user joined first", async () => {
      const res = await password(both);
      expect(res.statusCode).toBe(200);
      expect(decodeJwt(res.json().access_token)).toMatchObject({
        org: acme.orgId,
        roles: ['developer'],
        client_id: acme.client.id,
      });
      const named = await password(acmeAdmin, { org_id: acme.orgId });
      expect(decodeJwt(named.json().access_token)).toMatchObject({
        org: acme.orgId,
        roles: ['admin'],
      });
    });
  });

  describe('RFC 6749 §6 refresh', () => {
    it('refuses a refresh token the client holds for another org', async () => {
      const { services, clock } = ctx();
      // A grant outside the client's org, as one issued before the rule would be.
      const stray = await services.refreshTokens.issue({
        clientId: acme.client.id,
        orgId: 'org_demo_parts',
        subjectType: 'user',
        subjectId: 'usr_partium_dev',
        scopes: [],
        accessJti: 'at_stray',
        accessExpiresAt: clock.now() + 600,
      });
      const res = await token(
        { grant_type: 'refresh_token', refresh_token: stray.token },
        acme.client,
      );
      expect(await reply(res)).toEqual({
        status: 400,
        body: oauthError('invalid_grant', 'the grant behind this refresh token was withdrawn'),
      });
    });
  });

  it('the issuer itself refuses a grant outside the client’s org', async () => {
    const { services } = ctx();
    const client = await services.clients.find(acme.client.id);
    if (client === undefined) throw new Error('the Acme client exists');
    await expect(
      services.issuer.issue({
        client,
        orgId: 'org_demo_parts',
        subjectType: 'user',
        subjectId: 'usr_partium_dev',
        role: 'developer',
        scopes: [],
        refresh: false,
      }),
    ).rejects.toMatchObject({ outcome: 'credential_invalid' });
  });

  it('an org admin cannot register a platform client', async () => {
    const { app } = ctx();
    const signedIn = await passwordToken(app, acmeAdmin.email, acmeAdmin.password);
    const res = await bearerRequest(app, 'POST', `/v1/orgs/${acme.orgId}/clients`, signedIn, {
      payload: { name: 'Sneaky', grant_types: ['password'], platform: true },
    });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 400,
      body: { type: 'invalid_request', message: 'body must NOT have additional properties' },
    });
  });
});
