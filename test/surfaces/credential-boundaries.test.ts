import { describe, expect, it } from 'vitest';
import { backend, basic, form, partner, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson, oauthError } from '../helpers/replies.js';
import { accessTokenOf, bearerRequest, passwordToken, postToken } from '../helpers/requests.js';

// Each surface takes the credentials its contract describes, and no other: a credential
// that is valid elsewhere is refused here, never turned into a longer-lived one.
const partlySupplierKey = 'partly_demo_supplier_9b1d4e7a2c5f8b0e3d6a';
const partlySupplierIntegration = '0c000000-0000-4000-8000-000000000002';
const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
const forbidden = (body: object = {}) => ({ status: 403, body: { type: 'forbidden', ...body } });
const unauthorized = { status: 401, body: { type: 'unauthorized' } };

describe.each(storeTargets)('credential boundaries between surfaces ($name)', (target) => {
  const ctx = useTestApp(target);

  async function call(method: 'GET' | 'POST', url: string, authorization: string, body?: object) {
    const response = await ctx().app.inject({
      method,
      url,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: response.statusCode, body: response.json() as unknown };
  }

  const token = (fields: Record<string, string>, client = backend) =>
    accessTokenOf(postToken(ctx().app, fields, client));

  const patchworksLogin = async (username: string, password: string) => {
    const { body } = await call('POST', '/fabric/api/login', '', { username, password });
    return (body as { token: string }).token;
  };
  const partiumLogin = async (user: string, password: string) => {
    const credentials = Buffer.from(`${user}:${password}`).toString('base64');
    const { body } = await call('POST', '/auth', `Basic ${credentials}`);
    return (body as { access_token: string }).access_token;
  };

  describe("an integration's key works only with its integration id", () => {
    it.each([
      ['GET', '/fabric/api/user', partlySupplierKey],
      ['POST', '/1/find/search', `Bearer ${partlySupplierKey}`],
      ['POST', '/auth', `Bearer ${partlySupplierKey}`],
    ] as const)('%s %s refuses it', async (method, url, authorization) => {
      const body = url === '/1/find/search' ? { query: '' } : undefined;
      expect(await call(method, url, authorization, body)).toEqual(unauthorized);
    });

    it('the token endpoint will not exchange it', async () => {
      const fields = {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: partlySupplierKey,
        subject_token_type: 'urn:gatehouse:params:oauth:token-type:api-key',
      };
      const response = await ctx().app.inject({
        method: 'POST',
        url: '/oauth/token',
        ...form(fields),
        headers: { ...form(fields).headers, authorization: basic(backend.id, backend.secret) },
      });
      expectJson(
        response,
        400,
        oauthError('invalid_grant', 'the API key is invalid, expired or revoked'),
      );
    });

    it('with its integration id it still works', async () => {
      const response = await ctx().app.inject({
        method: 'POST',
        url: '/api/2026-01/supplier.procurements.get',
        headers: {
          authorization: `Bearer ${partlySupplierKey}`,
          'partly-integration-id': partlySupplierIntegration.toUpperCase(),
          'content-type': 'application/json',
        },
        // Ids match in either case.
        payload: JSON.stringify({ identity: { id: '0D000000-0000-4000-8000-000000000001' } }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: '0d000000-0000-4000-8000-000000000001' });
    });
  });

  describe('partner commands take a client_credentials token only', () => {
    const command = (authorization: string) =>
      call('POST', '/partner/v1/commands/create-natural-person', authorization, {
        first_name: 'Ada',
        last_name: 'Lovelace',
      });

    it('an API key is forbidden', async () => {
      expect(await command(`Bearer ${partiumKey}`)).toEqual(forbidden());
    });

    it("a person's token is forbidden", async () => {
      const userToken = await token({
        grant_type: 'password',
        username: 'dev@partium.example',
        password: 'demo-dev-pass',
      });
      expect(await command(`Bearer ${userToken}`)).toEqual(forbidden());
    });

    it('the partner client token is taken', async () => {
      const clientToken = await token({ grant_type: 'client_credentials' }, partner);
      expect((await command(`Bearer ${clientToken}`)).status).toBe(201);
    });
  });

  describe('keys are made only with a token from the surface’s own login', () => {
    it('Partium refuses a Patchworks admin token, and a developer token of another client', async () => {
      const patchworksAdmin = await patchworksLogin('admin@patchworks.example', 'demo-admin-pass');
      const backendDev = await passwordToken(ctx().app, 'dev@partium.example', 'demo-dev-pass');
      // Tokens issued for another audience are not credentials here at all.
      for (const bearer of [patchworksAdmin, backendDev]) {
        expect(await call('POST', '/1/api-keys', `Bearer ${bearer}`, { name: 'x' })).toEqual(
          unauthorized,
        );
      }
      const partiumDev = await partiumLogin('dev@partium.example', 'demo-dev-pass');
      expect(
        (await call('POST', '/1/api-keys', `Bearer ${partiumDev}`, { name: 'x' })).status,
      ).toBe(201);
    });

    it('Patchworks refuses a Partium token and one of another client', async () => {
      const partiumDev = await partiumLogin('dev@partium.example', 'demo-dev-pass');
      const backendAdmin = await passwordToken(
        ctx().app,
        'admin@patchworks.example',
        'demo-admin-pass',
      );
      // Tokens issued for another audience are not credentials here at all.
      for (const bearer of [partiumDev, backendAdmin]) {
        expect(await call('POST', '/fabric/api/api-keys', `Bearer ${bearer}`, {})).toEqual(
          unauthorized,
        );
      }
    });

    it('Patchworks reads the role now, not at sign-in', async () => {
      const { users } = ctx().services;
      const admin = await patchworksLogin('admin@patchworks.example', 'demo-admin-pass');
      await users.addToOrg('usr_patchworks_admin', 'org_demo_retail', 'manager');
      try {
        expect(await call('POST', '/fabric/api/api-keys', `Bearer ${admin}`, {})).toEqual(
          forbidden(),
        );
        expect(await call('GET', '/fabric/api/blueprints', `Bearer ${admin}`)).toEqual(forbidden());
      } finally {
        await users.addToOrg('usr_patchworks_admin', 'org_demo_retail', 'admin');
      }
      expect((await call('GET', '/fabric/api/blueprints', `Bearer ${admin}`)).status).toBe(200);
    });
  });

  it.each([
    ['/1/find/search', '[]'],
    ['/1/api-keys', '{"name": 7}'],
    ['/auth', '[]'],
    ['/partner/v1/commands/list-customers', '{"x":'],
    ['/fabric/api/blueprints', '{"x":'],
  ])('POST %s checks the credential before the body', async (url, payload) => {
    const response = await ctx().app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual(unauthorized);
  });

  it("a revoked client's installs are refused", async () => {
    const { clients } = ctx().services;
    const procurements = () =>
      bearerRequest(
        ctx().app,
        'POST',
        '/api/2026-01/supplier.procurements.list',
        partlySupplierKey,
        {
          headers: { 'partly-integration-id': partlySupplierIntegration },
          contentType: 'application/json',
          payload: '{}',
        },
      );
    expect((await procurements()).statusCode).toBe(200);
    await clients.revoke('org_partly_integration', 'partly_client_demo');
    const refused = await procurements();
    expect({ status: refused.statusCode, body: refused.json() }).toEqual(unauthorized);
  });
});
