import { describe, expect, it } from 'vitest';
import { testIssuer, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson } from '../helpers/replies.js';
import { people } from './people.js';

const [sqlite] = storeTargets;
if (sqlite === undefined) throw new Error('no SQLite target');

describe('GET /sandbox/credentials', () => {
  const ctx = useTestApp(sqlite);

  it('lists every contract credential of docs/sandbox.md as JSON', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/sandbox/credentials' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json();
    expect(body.base_url).toBe(testIssuer);
    expect(body.partly).toEqual({
      endpoint: `${testIssuer}/api/2026-01/<method>`,
      authorization_endpoint: `${testIssuer}/oauth/authorize`,
      client: {
        client_id: 'partly_client_demo',
        client_secret: 'secret_demo_8f3a',
        redirect_uri: 'http://127.0.0.1:5174/install/callback',
        install: true,
        pkce_required: false,
      },
      users: [
        {
          username: 'admin@partly.example',
          password: 'demo-partly-pass',
          roles: [
            { organization: 'Demo Repairer', role: 'admin' },
            { organization: 'Demo Supplier', role: 'admin' },
          ],
        },
      ],
      access_code: { code: 'ac_demo_valid_15m', organization: 'Demo Repairer', single_use: true },
      integrations: [
        {
          organization: 'Demo Repairer',
          kind: 'repairer',
          api_key: 'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
          integration_id: '0c000000-0000-4000-8000-000000000001',
        },
        {
          organization: 'Demo Supplier',
          kind: 'supplier',
          api_key: 'partly_demo_supplier_9b1d4e7a2c5f8b0e3d6a',
          integration_id: '0c000000-0000-4000-8000-000000000002',
        },
      ],
      job: {
        id: '0a000000-0000-4000-8000-000000000001',
        vehicle: '2019 Toyota Corolla',
        status: 'open',
      },
      procurements: [
        {
          id: '0d000000-0000-4000-8000-000000000001',
          supplier: 'Demo Supplier',
          status: 'requested',
        },
        {
          id: '0d000000-0000-4000-8000-000000000002',
          supplier: 'Other Supplier',
          status: 'requested',
        },
      ],
    });
    expect(body.partium.api_key).toEqual({
      key: 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f',
      organization: 'Demo Parts Co',
    });
    // Each Partium person with their password and their role in each organization.
    expect(body.partium.users).toEqual(
      people
        .filter(({ email }) => email.endsWith('@partium.example'))
        .map(({ email, password, memberships }) => ({
          username: email,
          password,
          roles: memberships.map(({ organization, role }) => ({ organization, role })),
        })),
    );
    expect(body.patchworks.api_key).toEqual({
      key: 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f',
      organization: 'Demo Retail',
      role: 'api-user',
    });
    expect(body.patchworks.users.map((u: { username: string }) => u.username)).toEqual([
      'admin@patchworks.example',
      'manager@patchworks.example',
    ]);
    expect(body.partner).toEqual({
      token_endpoint: `${testIssuer}/oauth/token`,
      commands: `${testIssuer}/partner/v1/commands/<name>`,
      client: { client_id: 'partner_demo_client', client_secret: 'partner_demo_secret_4b7e9a2c' },
      requestor_id: '0e000000-0000-4000-8000-000000000001',
    });
    expect(body.oauth).toEqual({
      discovery: `${testIssuer}/.well-known/oauth-authorization-server`,
      openid_configuration: `${testIssuer}/.well-known/openid-configuration`,
      authorization_endpoint: `${testIssuer}/oauth/authorize`,
      token_endpoint: `${testIssuer}/oauth/token`,
      userinfo_endpoint: `${testIssuer}/oauth/userinfo`,
      clients: [
        {
          client_id: 'gatehouse_demo_spa',
          client_secret: null,
          redirect_uri: 'http://127.0.0.1:5173/callback',
          scope: 'openid profile email',
          code_challenge_method: 'S256',
        },
        {
          client_id: 'gatehouse_demo_backend',
          client_secret: 'gatehouse_demo_backend_secret_1f7d',
        },
      ],
    });
  });

  it('answers a browser with the page, with copy-paste curl lines', async () => {
    for (const request of [
      { url: '/sandbox' },
      { url: '/sandbox/credentials', headers: { accept: 'text/html,application/xhtml+xml' } },
    ]) {
      const response = await ctx().app.inject({ method: 'GET', ...request });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<h1>Gatehouse sandbox credentials</h1>');
      expect(response.body).toContain(
        `curl -s -X POST ${testIssuer}/api/2026-01/integrations.insert -H &quot;Content-Type: application/json&quot; -d &#39;{&quot;client_id&quot;:&quot;partly_client_demo&quot;,&quot;client_secret&quot;:&quot;secret_demo_8f3a&quot;,&quot;access_code&quot;:&quot;ac_demo_valid_15m&quot;}&#39;`,
      );
      expect(response.body).toContain('<code>pw_demo_key_8e2b5d1f4a7c0e3b6d9f</code>');
      expect(response.body).toContain(
        `<tr><th>install in a browser (an org admin consents)</th><td><code>${testIssuer}/oauth/authorize?response_type=code&amp;client_id=partly_client_demo&amp;redirect_uri=http%3A%2F%2F127.0.0.1%3A5174%2Finstall%2Fcallback&amp;state=xyz</code></td></tr>` +
          '<tr><th>redirect URI</th><td><code>http://127.0.0.1:5174/install/callback</code></td></tr>' +
          '<tr><th>PKCE</th><td><code>optional (its contract has no field for it)</code></td></tr>' +
          '<tr><th>admin@partly.example</th><td><code>demo-partly-pass</code></td></tr>',
      );
      expect(response.body).toContain(
        '<tr><th>gatehouse_demo_spa</th><td><code>(public client: authorization code with PKCE, no secret)</code></td></tr>' +
          '<tr><th>gatehouse_demo_spa redirect_uri</th><td><code>http://127.0.0.1:5173/callback</code></td></tr>' +
          '<tr><th>gatehouse_demo_spa scope</th><td><code>openid profile email</code></td></tr>',
      );
      expect(response.body).toContain(`curl -s ${testIssuer}/.well-known/openid-configuration`);
    }
  });
});

describe('outside sandbox mode', () => {
  const ctx = useTestApp(sqlite, { sandbox: false });

  it('has no credentials page and no contract surfaces', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/sandbox/credentials' });
    expectJson(response, 404, {
      type: 'not_found',
      message: 'no route for GET /sandbox/credentials',
    });
    const rpc = await ctx().app.inject({ method: 'POST', url: '/api/2026-01/integrations.get' });
    expect(rpc.statusCode).toBe(404);
  });
});
