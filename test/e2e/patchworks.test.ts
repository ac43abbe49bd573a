import { beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, useRunningServer } from '../helpers/server.js';
import { expectAnswer } from '../helpers/replies.js';

// docs/sandbox.md, "Patchworks-style": every row over real HTTP, against the server as
// `npm start` runs it (docs/patchworks.md).
const demoKey = 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f';
/** Another company's key (Demo Parts Co, seeded for the Partium-style surface). */
const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
const admin = { username: 'admin@patchworks.example', password: 'demo-admin-pass' };
const manager = { username: 'manager@patchworks.example', password: 'demo-manager-pass' };
const company = { id: 'org_demo_retail', name: 'Demo Retail' };
const flows = [
  { id: 'flw_orders_to_erp', name: 'Shopify orders to ERP', enabled: true },
  { id: 'flw_stock_sync', name: 'Stock levels to Shopify', enabled: false },
];
const jwt = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const error = (type: string) => ({ type });

interface Sent {
  /** Sent as the Authorization header exactly. */
  auth?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `type` as its content type. */
  raw?: string;
  type?: string;
}

function useClient(server: () => { url: string }) {
  return async function send(method: string, path: string, sent: Sent = {}) {
    const headers: Record<string, string> = {};
    if (sent.auth !== undefined) headers.authorization = sent.auth;
    const { headers: typed, body } = bodyOf({ ...sent, contentType: sent.type });
    const res = await fetch(`${server().url}${path}`, {
      method,
      headers: { ...headers, ...typed },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  };
}

async function tokenOf(res: { status: number; body: unknown }): Promise<string> {
  expect(res.status).toBe(200);
  return (res.body as { token: string }).token;
}

describe('the Patchworks-style surface (docs/sandbox.md) against the running server', () => {
  const server = useRunningServer();
  const send = useClient(server);
  const auth = { admin: '', manager: '' };
  /** A request as the signed-in Patchworks admin, with a JSON body if given. */
  const asAdmin = (method: string, path: string, json?: unknown) =>
    send(method, path, { auth: auth.admin, ...(json === undefined ? {} : { json }) });

  beforeAll(async () => {
    auth.admin = `Bearer ${await tokenOf(await send('POST', '/fabric/api/login', { json: admin }))}`;
    auth.manager = `Bearer ${await tokenOf(await send('POST', '/fabric/api/login', { json: manager }))}`;
  });

  describe('POST /fabric/api/login', () => {
    it.each([
      ['the admin', admin],
      ['the manager', manager],
    ])('signs in %s: a Bearer token for 600 seconds, no refresh token', async (_who, person) => {
      const res = await send('POST', '/fabric/api/login', { json: person });
      expectAnswer(res, 200, {
        token: expect.stringMatching(jwt),
        token_type: 'Bearer',
        expires_in: 600,
      });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it.each([
      [
        'a wrong password',
        401,
        { username: manager.username, password: 'wrong-password' },
        'unauthorized',
      ],
      [
        'an unknown user',
        401,
        { username: 'nobody@patchworks.example', password: 'x' },
        'unauthorized',
      ],
      ['no password', 400, { username: admin.username }, 'invalid_request'],
      ['no username', 400, { password: admin.password }, 'invalid_request'],
      [
        'a password that is not a string',
        400,
        { username: admin.username, password: 42 },
        'invalid_request',
      ],
    ])('answers %s with %i', async (_case, status, json, type) => {
      expect(await send('POST', '/fabric/api/login', { json })).toMatchObject({
        status,
        body: error(type),
      });
    });
  });

  describe('authentication: the key as is or after Bearer, a token after Bearer', () => {
    it.each([
      [
        'the API key as is',
        () => demoKey,
        { id: 'key_patchworks_demo', role: 'api-user', company },
      ],
      [
        'the API key after Bearer',
        () => `Bearer ${demoKey}`,
        { id: 'key_patchworks_demo', role: 'api-user', company },
      ],
      ['the admin token', () => auth.admin, { id: 'usr_patchworks_admin', role: 'admin', company }],
      [
        'the manager token',
        () => auth.manager,
        { id: 'usr_patchworks_manager', role: 'manager', company },
      ],
    ])('GET /fabric/api/user with %s', async (_name, authorization, data) => {
      expect(await send('GET', '/fabric/api/user', { auth: authorization() })).toMatchObject({
        status: 200,
        body: { data },
      });
    });

    it.each([
      ['no Authorization header', undefined],
      ['an empty Authorization header', ''],
      ['Bearer and nothing', 'Bearer '],
      ['an invalid API key', 'pw_not_a_real_key_00000000000000000000'],
      ['an invalid API key after Bearer', 'Bearer pw_not_a_real_key_00000000000000000000'],
      ['garbage', 'garbage'],
      [
        'Basic credentials',
        `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`,
      ],
      ['a forged token', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln'],
    ])('refuses %s with 401 unauthorized', async (_name, authorization) => {
      const res = await send(
        'GET',
        '/fabric/api/flows',
        authorization === undefined ? {} : { auth: authorization },
      );
      expect(res).toMatchObject({ status: 401, body: error('unauthorized') });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="patchworks"');
    });
  });

  describe('GET /fabric/api/flows: manager level', () => {
    it.each([
      ['the API key as is', () => demoKey],
      ['the API key after Bearer', () => `Bearer ${demoKey}`],
      ['the admin token', () => auth.admin],
      ['the manager token', () => auth.manager],
    ])('lists the flows of Demo Retail for %s', async (_name, authorization) => {
      expect(await send('GET', '/fabric/api/flows', { auth: authorization() })).toEqual({
        status: 200,
        headers: expect.anything(),
        body: { data: flows },
      });
    });
  });

  describe('/fabric/api/blueprints: admin only', () => {
    it.each([
      ['the API key as is', () => demoKey],
      ['the API key after Bearer', () => `Bearer ${demoKey}`],
      ['the manager token', () => auth.manager],
    ])('refuses %s with 403 forbidden', async (_name, authorization) => {
      const json = { name: 'Orders to ERP' };
      expect(
        await send('POST', '/fabric/api/blueprints', { auth: authorization(), json }),
      ).toMatchObject({ status: 403, body: error('forbidden') });
      expect(await send('GET', '/fabric/api/blueprints', { auth: authorization() })).toMatchObject({
        status: 403,
        body: error('forbidden'),
      });
    });

    it('lets the admin create one (201) and list it', async () => {
      const created = await asAdmin('POST', '/fabric/api/blueprints', { name: 'Orders to ERP' });
      expect(created).toMatchObject({
        status: 201,
        body: {
          data: { id: expect.stringMatching(/^bp_[0-9A-Za-z]{16}$/), name: 'Orders to ERP' },
        },
      });
      const listed = await asAdmin('GET', '/fabric/api/blueprints');
      expect(listed).toMatchObject({
        status: 200,
        body: { data: [(created.body as { data: unknown }).data] },
      });
    });
  });

  describe('/fabric/api/api-keys: as many keys as you need, revoked when unused', () => {
    it('creates a key that works as is and after Bearer, lists it, and revokes it: refused on the very next request', async () => {
      const created = await asAdmin('POST', '/fabric/api/api-keys', { name: 'ERP connector' });
      expect(created).toMatchObject({
        status: 201,
        body: {
          data: {
            id: expect.stringMatching(/^key_[0-9A-Za-z]{16}$/),
            key: expect.stringMatching(/^pw_[0-9a-f]{32}$/),
            name: 'ERP connector',
            role: 'api-user',
            expires_at: null,
          },
        },
      });
      const { id, key } = (created.body as { data: { id: string; key: string } }).data;

      for (const authorization of [key, `Bearer ${key}`]) {
        expect(await send('GET', '/fabric/api/flows', { auth: authorization })).toMatchObject({
          status: 200,
          body: { data: flows },
        });
        expect(await send('GET', '/fabric/api/user', { auth: authorization })).toMatchObject({
          status: 200,
          body: { data: { id, role: 'api-user', company } },
        });
        expect(
          await send('POST', '/fabric/api/blueprints', {
            auth: authorization,
            json: { name: 'x' },
          }),
        ).toMatchObject({ status: 403, body: error('forbidden') });
      }
      const listed = await asAdmin('GET', '/fabric/api/api-keys');
      expect(listed).toMatchObject({ status: 200 });
      expect((listed.body as { data: unknown[] }).data).toEqual(
        expect.arrayContaining([
          { id: 'key_patchworks_demo', name: 'api-user', role: 'api-user', expires_at: null },
          { id, name: 'ERP connector', role: 'api-user', expires_at: null },
        ]),
      );

      expect(await send('DELETE', `/fabric/api/api-keys/${id}`, { auth: auth.admin })).toEqual({
        status: 204,
        headers: expect.anything(),
        body: undefined,
      });
      expect(await send('GET', '/fabric/api/flows', { auth: key })).toMatchObject({
        status: 401,
        body: error('unauthorized'),
      });
      expect(await send('GET', '/fabric/api/flows', { auth: `Bearer ${key}` })).toMatchObject({
        status: 401,
        body: error('unauthorized'),
      });
      const after = (await asAdmin('GET', '/fabric/api/api-keys')).body as {
        data: Array<{ id: string }>;
      };
      expect(after.data.map((k) => k.id)).not.toContain(id);
    });

    it('creates a key with an expiry', async () => {
      const created = await asAdmin('POST', '/fabric/api/api-keys', {
        expires_at: '2099-01-01T00:00:00Z',
      });
      expect(created).toMatchObject({
        status: 201,
        body: {
          data: { name: 'api-user', role: 'api-user', expires_at: '2099-01-01T00:00:00.000Z' },
        },
      });
    });

    it("answers another company's key with 404 not_found", async () => {
      expect(await asAdmin('DELETE', '/fabric/api/api-keys/key_partium_demo')).toMatchObject({
        status: 404,
        body: error('not_found'),
      });
    });

    it.each([
      ['the manager token', () => auth.manager],
      ['the API key', () => demoKey],
    ])('lets %s manage no keys (403 forbidden)', async (_name, authorization) => {
      for (const [method, path] of [
        ['GET', '/fabric/api/api-keys'],
        ['POST', '/fabric/api/api-keys'],
        ['DELETE', '/fabric/api/api-keys/key_patchworks_demo'],
      ] as const) {
        const res = await send(method, path, {
          auth: authorization(),
          ...(method === 'POST' ? { json: {} } : {}),
        });
        expect(res).toMatchObject({ status: 403, body: error('forbidden') });
      }
      expect((await send('GET', '/fabric/api/flows', { auth: demoKey })).status).toBe(200);
    });
  });

  describe('bad input: a typed 4xx, never a 500', () => {
    const oversize = JSON.stringify({ name: 'n'.repeat(70 * 1024) });
    const cases: Array<[string, string, string, () => Sent, number, string]> = [
      [
        'login: malformed JSON',
        'POST',
        '/fabric/api/login',
        () => ({ raw: '{"username":', type: 'application/json' }),
        400,
        'invalid_request',
      ],
      [
        'login: an empty JSON body',
        'POST',
        '/fabric/api/login',
        () => ({ raw: '', type: 'application/json' }),
        400,
        'invalid_request',
      ],
      ['login: no body', 'POST', '/fabric/api/login', () => ({}), 400, 'invalid_request'],
      [
        'login: a JSON array',
        'POST',
        '/fabric/api/login',
        () => ({ json: [admin.username, admin.password] }),
        400,
        'invalid_request',
      ],
      [
        'login: a form instead of JSON',
        'POST',
        '/fabric/api/login',
        () => ({ raw: 'username=a&password=b', type: 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      ],
      [
        'login: an unknown content type',
        'POST',
        '/fabric/api/login',
        () => ({ raw: '<login/>', type: 'application/xml' }),
        415,
        'unsupported_media_type',
      ],
      [
        'login: oversize body',
        'POST',
        '/fabric/api/login',
        () => ({ raw: oversize, type: 'application/json' }),
        413,
        'payload_too_large',
      ],
      [
        'blueprints: malformed JSON',
        'POST',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin, raw: '{', type: 'application/json' }),
        400,
        'invalid_request',
      ],
      [
        'blueprints: no name',
        'POST',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin, json: {} }),
        400,
        'invalid_request',
      ],
      [
        'blueprints: a blank name',
        'POST',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin, json: { name: '   ' } }),
        400,
        'invalid_request',
      ],
      [
        'blueprints: a name that is a number',
        'POST',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin, json: { name: 7 } }),
        400,
        'invalid_request',
      ],
      [
        'blueprints: oversize body',
        'POST',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin, raw: oversize, type: 'application/json' }),
        413,
        'payload_too_large',
      ],
      [
        'blueprints: no credential, bad body',
        'POST',
        '/fabric/api/blueprints',
        () => ({ raw: '{', type: 'application/json' }),
        401,
        'unauthorized',
      ],
      [
        'api-keys: malformed JSON',
        'POST',
        '/fabric/api/api-keys',
        () => ({ auth: auth.admin, raw: '{"name"', type: 'application/json' }),
        400,
        'invalid_request',
      ],
      [
        'api-keys: a name that is not a string',
        'POST',
        '/fabric/api/api-keys',
        () => ({ auth: auth.admin, json: { name: true } }),
        400,
        'invalid_request',
      ],
      [
        'api-keys: an expiry that is not RFC 3339',
        'POST',
        '/fabric/api/api-keys',
        () => ({ auth: auth.admin, json: { expires_at: '01/01/2099' } }),
        400,
        'invalid_request',
      ],
      [
        'api-keys: an expiry in the past',
        'POST',
        '/fabric/api/api-keys',
        () => ({ auth: auth.admin, json: { expires_at: '2001-01-01T00:00:00Z' } }),
        400,
        'invalid_request',
      ],
      [
        'api-keys: a role',
        'POST',
        '/fabric/api/api-keys',
        () => ({ auth: auth.admin, json: { role: 'admin' } }),
        400,
        'invalid_request',
      ],
      [
        'api-keys: an unknown id',
        'DELETE',
        '/fabric/api/api-keys/key_unknown',
        () => ({ auth: auth.admin }),
        404,
        'not_found',
      ],
      [
        'api-keys: an id of 300 characters',
        'DELETE',
        `/fabric/api/api-keys/${'k'.repeat(300)}`,
        () => ({ auth: auth.admin }),
        404,
        'not_found',
      ],
      ['GET login', 'GET', '/fabric/api/login', () => ({}), 405, 'method_not_allowed'],
      ['PUT login', 'PUT', '/fabric/api/login', () => ({ json: admin }), 405, 'method_not_allowed'],
      [
        'POST user',
        'POST',
        '/fabric/api/user',
        () => ({ auth: demoKey, json: {} }),
        405,
        'method_not_allowed',
      ],
      [
        'POST flows',
        'POST',
        '/fabric/api/flows',
        () => ({ auth: demoKey, json: {} }),
        405,
        'method_not_allowed',
      ],
      [
        'DELETE flows',
        'DELETE',
        '/fabric/api/flows',
        () => ({ auth: demoKey }),
        405,
        'method_not_allowed',
      ],
      [
        'PATCH blueprints',
        'PATCH',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin, json: {} }),
        405,
        'method_not_allowed',
      ],
      [
        'DELETE blueprints',
        'DELETE',
        '/fabric/api/blueprints',
        () => ({ auth: auth.admin }),
        405,
        'method_not_allowed',
      ],
      [
        'PUT api-keys',
        'PUT',
        '/fabric/api/api-keys',
        () => ({ auth: auth.admin, json: {} }),
        405,
        'method_not_allowed',
      ],
      [
        'GET one api key',
        'GET',
        '/fabric/api/api-keys/key_patchworks_demo',
        () => ({ auth: auth.admin }),
        405,
        'method_not_allowed',
      ],
      ['an unknown path', 'GET', '/fabric/api/orders', () => ({ auth: demoKey }), 404, 'not_found'],
      [
        'a trailing slash',
        'GET',
        '/fabric/api/flows/',
        () => ({ auth: demoKey }),
        404,
        'not_found',
      ],
    ];

    it.each(cases)('%s: %s %s', async (_name, method, path, sent, status, type) => {
      const res = await send(method, path, sent());
      expect(res).toMatchObject({ status, body: error(type) });
    });

    it('says which methods a path allows', async () => {
      const res = await asAdmin('DELETE', '/fabric/api/blueprints');
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    });
  });
});

describe('a token expires after expires_in (ACCESS_TOKEN_TTL=2)', () => {
  const server = useRunningServer({ accessTokenTtl: 2 });
  const send = useClient(server);

  it('is refused once expired; signing in again gives a new one', async () => {
    const login = await send('POST', '/fabric/api/login', { json: manager });
    expect(login.body).toMatchObject({ expires_in: 2 });
    const token = await tokenOf(login);
    expect((await send('GET', '/fabric/api/flows', { auth: `Bearer ${token}` })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await send('GET', '/fabric/api/flows', { auth: `Bearer ${token}` })).toMatchObject({
      status: 401,
      body: error('unauthorized'),
    });
    const again = await tokenOf(await send('POST', '/fabric/api/login', { json: manager }));
    expect((await send('GET', '/fabric/api/flows', { auth: `Bearer ${again}` })).status).toBe(200);
  });
});

describe('one usage limit per company, for keys and tokens alike (USAGE_LIMIT=3)', () => {
  // A long window, so that the test does not straddle two windows.
  const server = useRunningServer({ usageLimit: 3, usageWindow: 86_400 });
  const send = useClient(server);

  it('counts key and token requests together; over the limit, 429 with Retry-After', async () => {
    // Signing in is not a request made with a credential: it is not counted.
    const token = `Bearer ${await tokenOf(await send('POST', '/fabric/api/login', { json: admin }))}`;
    expect((await send('GET', '/fabric/api/flows', { auth: demoKey })).status).toBe(200);
    expect((await send('GET', '/fabric/api/flows', { auth: token })).status).toBe(200);
    expect((await send('GET', '/fabric/api/user', { auth: `Bearer ${demoKey}` })).status).toBe(200);

    for (const authorization of [token, demoKey]) {
      const limited = await send('GET', '/fabric/api/flows', { auth: authorization });
      expect(limited).toMatchObject({ status: 429, body: error('rate_limited') });
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    }
    // A bad credential is refused as such, and not counted against the company.
    expect(
      await send('GET', '/fabric/api/flows', { auth: 'pw_not_a_real_key_00000000000000000000' }),
    ).toMatchObject({ status: 401 });
  });

  it('leaves another company unaffected', async () => {
    const res = await send('GET', '/fabric/api/user', { auth: partiumKey });
    expect(res).toMatchObject({
      status: 200,
      body: {
        data: {
          id: 'key_partium_demo',
          // A key made elsewhere, with the member role, is shown with that role.
          role: 'member',
          company: { id: 'org_demo_parts', name: 'Demo Parts Co' },
        },
      },
    });
  });
});
