import { describe, expect, it } from 'vitest';
import { bodyOf, useRunningServer } from '../helpers/server.js';
import { oauthError, expectAnswer } from '../helpers/replies.js';

// docs/partner.md and the "Partner commands" rows of docs/sandbox.md,
// over real HTTP against the server as `npm start` runs it.

const partnerClient = { id: 'partner_demo_client', secret: 'partner_demo_secret_4b7e9a2c' };
// A client of another org (Gatehouse Demo), for cross-org checks.
const otherOrgClient = {
  id: 'gatehouse_demo_backend',
  secret: 'gatehouse_demo_backend_secret_1f7d',
};
const demoRequestor = '0e000000-0000-4000-8000-000000000001';
const demoCustomer = {
  id: '0f000000-0000-4000-8000-000000000001',
  type: 'legal_entity',
  name: 'Demo Trading Ltd',
  created_by: null,
};
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const jwt = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const formType = 'application/x-www-form-urlencoded';

const invalidClient = oauthError('invalid_client', 'client authentication failed');
const typed = (type: string) => ({ type });

interface Sent {
  token?: string;
  requestor?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  raw?: string;
  contentType?: string;
  method?: string;
  authorization?: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** The customers a list-customers answer holds. */
const customersIn = (answer: Answer) => (answer.body as { customers: unknown[] }).customers;

function partnerApi(baseUrl: () => string) {
  async function answer(response: Response): Promise<Answer> {
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      headers: response.headers,
    };
  }

  /** Contract §2: the token request, form-encoded, credentials in the body. */
  function requestToken(fields: Record<string, string>): Promise<Answer> {
    return fetch(`${baseUrl()}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': formType },
      body: new URLSearchParams(fields),
    }).then(answer);
  }

  async function tokenOf(client: { id: string; secret: string }): Promise<string> {
    const { status, body } = await requestToken({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
    });
    expect(status).toBe(200);
    return (body as { access_token: string }).access_token;
  }

  /** Contract §3 and §4: `POST /partner/v1/commands/<name>`. */
  function command(name: string, sent: Sent = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    const authorization =
      sent.authorization ?? (sent.token === undefined ? undefined : `Bearer ${sent.token}`);
    if (authorization !== undefined) headers.authorization = authorization;
    if (sent.requestor !== undefined) headers['requestor-id'] = sent.requestor;
    const { headers: typed, body } = bodyOf(sent);
    return fetch(`${baseUrl()}/partner/v1/commands/${name}`, {
      method: sent.method ?? 'POST',
      headers: { ...headers, ...typed },
      body,
    }).then(answer);
  }

  /** list-customers as the demo requestor. */
  const listCustomers = (token: string) =>
    command('list-customers', { token, requestor: demoRequestor });
  /** get-customer of `id` as the demo requestor. */
  const getCustomer = (token: string, id: string) =>
    command('get-customer', { token, requestor: demoRequestor, json: { id } });

  /** prepare-legal-entity of `name`: it needs no requestor. */
  const prepareEntity = (token: string, name: string) =>
    command('prepare-legal-entity', { token, json: { name } });

  return { requestToken, tokenOf, command, listCustomers, getCustomer, prepareEntity };
}

describe('partner commands over HTTP', () => {
  const server = useRunningServer();
  const { requestToken, tokenOf, command, listCustomers, getCustomer, prepareEntity } = partnerApi(
    () => server().url,
  );

  describe('the token request (contract §2, §3)', () => {
    it('issues a Bearer access token for the form-encoded client_id and client_secret', async () => {
      const { status, body, headers } = await requestToken({
        grant_type: 'client_credentials',
        client_id: partnerClient.id,
        client_secret: partnerClient.secret,
      });
      expect(status).toBe(200);
      expect(body).toEqual({
        access_token: expect.stringMatching(jwt),
        token_type: 'Bearer',
        expires_in: 600,
      });
      expect(headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a wrong client_secret: 401 invalid_client', async () => {
      const { status, body } = await requestToken({
        grant_type: 'client_credentials',
        client_id: partnerClient.id,
        client_secret: 'partner_demo_secret_wrong',
      });
      expect(status).toBe(401);
      expect(body).toEqual(invalidClient);
    });

    it('refuses an unknown client_id the same way', async () => {
      const { status, body } = await requestToken({
        grant_type: 'client_credentials',
        client_id: 'no_such_client',
        client_secret: partnerClient.secret,
      });
      expect(status).toBe(401);
      expect(body).toEqual(invalidClient);
    });

    it('answers a missing client_secret with invalid_client', async () => {
      const { status, body } = await requestToken({
        grant_type: 'client_credentials',
        client_id: partnerClient.id,
      });
      expect(status).toBe(401);
      expect(body).toEqual(invalidClient);
    });
  });

  describe('the bearer token on commands (contract §3)', () => {
    const refused = [
      ['no Authorization header', undefined],
      ['an empty Bearer', 'Bearer '],
      ['garbage', 'Bearer not-a-token'],
      ['a JWT-shaped forgery', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln'],
      ['the client credentials as Basic', `Basic ${btoa(`${partnerClient.id}:x`)}`],
    ] as const;

    it.each(refused)('refuses %s: 401 unauthorized with a Bearer challenge', async (_, auth) => {
      const answer = await command('list-customers', {
        ...(auth === undefined ? {} : { authorization: auth }),
        requestor: demoRequestor,
      });
      expectAnswer(answer, 401, typed('unauthorized'));
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    });

    it('checks the token before anything else, even for an unknown command', async () => {
      const answer = await command('no-such-command', {
        raw: '{',
        contentType: 'application/json',
      });
      expectAnswer(answer, 401, typed('unauthorized'));
    });

    it('refuses a token revoked at /oauth/revoke on the very next command', async () => {
      const token = await tokenOf(partnerClient);
      const before = await listCustomers(token);
      expect(before.status).toBe(200);

      const revoked = await fetch(`${server().url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': formType },
        body: new URLSearchParams({
          token,
          client_id: partnerClient.id,
          client_secret: partnerClient.secret,
        }),
      });
      expect(revoked.status).toBe(200);

      const after = await listCustomers(token);
      expectAnswer(after, 401, typed('unauthorized'));
    });
  });

  describe('Requestor-ID (contract §4)', () => {
    const scoped = [
      ['list-customers', {}],
      ['get-customer', { id: demoCustomer.id }],
    ] as const;

    it.each(scoped)('%s without Requestor-ID: 400 requestor_id_required', async (name, json) => {
      const token = await tokenOf(partnerClient);
      const answer = await command(name, { token, json });
      expectAnswer(answer, 400, typed('requestor_id_required'));
    });

    it('treats an empty Requestor-ID as missing', async () => {
      const token = await tokenOf(partnerClient);
      const answer = await command('list-customers', { token, requestor: '' });
      expectAnswer(answer, 400, typed('requestor_id_required'));
    });

    const invalid = [
      ['not a UUID', 'demo-requestor'],
      ['an unknown natural person', '0e000000-0000-4000-8000-0000000000ff'],
      ['a customer, not a natural person', demoCustomer.id],
    ];
    it.each(invalid)('%s: 400 invalid_requestor_id', async (_, requestor) => {
      const token = await tokenOf(partnerClient);
      for (const [name, json] of scoped) {
        const answer = await command(name, { token, requestor, json });
        expectAnswer(answer, 400, typed('invalid_requestor_id'));
      }
    });

    it('refuses a natural person of another org: 400 invalid_requestor_id', async () => {
      const otherToken = await tokenOf(otherOrgClient);
      const created = await command('create-natural-person', {
        token: otherToken,
        json: { first_name: 'Olga', last_name: 'Other' },
      });
      expect(created.status).toBe(201);
      const { id } = created.body as { id: string };

      // Their own org accepts them; the partner's org does not.
      const own = await command('list-customers', { token: otherToken, requestor: id });
      expect(own).toMatchObject({ status: 200, body: { customers: [] } });
      const token = await tokenOf(partnerClient);
      const answer = await command('list-customers', { token, requestor: id });
      expectAnswer(answer, 400, typed('invalid_requestor_id'));
    });

    const exempt = [
      ['create-natural-person', 201, { first_name: 'Ex', last_name: 'Empt' }],
      ['natural-persons-wizard', 201, { persons: [{ first_name: 'Ex', last_name: 'Empt' }] }],
      ['create-legal-entity-customer', 201, { name: 'Exempt Ltd' }],
      ['prepare-legal-entity', 200, { name: 'Exempt Ltd' }],
    ] as const;

    it.each(exempt)(
      '%s needs no Requestor-ID, and ignores a bad one',
      async (name, status, json) => {
        const token = await tokenOf(partnerClient);
        expect((await command(name, { token, json })).status).toBe(status);
        const withBad = await command(name, { token, json, requestor: 'not-a-person' });
        expect(withBad.status).toBe(status);
      },
    );
  });

  describe('the commands', () => {
    it('create-natural-person: 201 {id}, a Requestor-ID at once', async () => {
      const token = await tokenOf(partnerClient);
      const created = await command('create-natural-person', {
        token,
        json: { first_name: 'Ada', last_name: 'Lovelace' },
      });
      expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(uuidV4) } });
      expect(Object.keys(created.body as object)).toEqual(['id']);

      const { id } = created.body as { id: string };
      const listed = await command('list-customers', { token, requestor: id });
      expect(listed.status).toBe(200);
    });

    it('natural-persons-wizard: 201 {ids}, one per person, in order, each a Requestor-ID', async () => {
      const token = await tokenOf(partnerClient);
      const created = await command('natural-persons-wizard', {
        token,
        json: {
          persons: [
            { first_name: 'Grace', last_name: 'Hopper' },
            { first_name: 'Alan', last_name: 'Turing' },
            { first_name: 'Edsger', last_name: 'Dijkstra' },
          ],
        },
      });
      expect(created.status).toBe(201);
      const { ids } = created.body as { ids: string[] };
      expect(created.body).toEqual({
        ids: [expect.any(String), expect.any(String), expect.any(String)],
      });
      expect(new Set(ids).size).toBe(3);
      for (const id of ids) {
        expect(id).toMatch(uuidV4);
        expect((await command('list-customers', { token, requestor: id })).status).toBe(200);
      }
    });

    it("list-customers: 200 the org's customers, the seeded one among them", async () => {
      const token = await tokenOf(partnerClient);
      const answer = await listCustomers(token);
      expect(answer.status).toBe(200);
      // Listed by creation time; customers made in the same second as the seed are ordered
      // by id, so the seeded one need not come first.
      expect(customersIn(answer)).toContainEqual(demoCustomer);
    });

    it('list-customers takes no body, or an empty JSON object', async () => {
      const token = await tokenOf(partnerClient);
      const bare = await listCustomers(token);
      const empty = await command('list-customers', {
        token,
        requestor: demoRequestor,
        raw: '',
        contentType: 'application/json',
      });
      const object = await command('list-customers', { token, requestor: demoRequestor, json: {} });
      expect(bare.status).toBe(200);
      expect(empty).toEqual({ ...bare, headers: empty.headers });
      expect(object).toEqual({ ...bare, headers: object.headers });
    });

    it('get-customer: 200 the seeded customer', async () => {
      const token = await tokenOf(partnerClient);
      expectAnswer(await getCustomer(token, demoCustomer.id), 200, demoCustomer);
    });

    it('create-legal-entity-customer: 201 {id}; listed and fetched, with its requestor', async () => {
      const token = await tokenOf(partnerClient);
      const created = await command('create-legal-entity-customer', {
        token,
        requestor: demoRequestor,
        json: { name: 'Acme Holdings plc' },
      });
      expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(uuidV4) } });
      const { id } = created.body as { id: string };
      const customer = {
        id,
        type: 'legal_entity',
        name: 'Acme Holdings plc',
        created_by: demoRequestor,
      };

      expectAnswer(await getCustomer(token, id), 200, customer);
      const listed = await listCustomers(token);
      expect(customersIn(listed)).toContainEqual(customer);
    });

    it('prepare-legal-entity: 200 {name, status: "prepared"}, and stores nothing', async () => {
      const token = await tokenOf(partnerClient);
      const before = await listCustomers(token);
      const prepared = await prepareEntity(token, 'Prepared Only GmbH');
      expectAnswer(prepared, 200, { name: 'Prepared Only GmbH', status: 'prepared' });
      const after = await listCustomers(token);
      expect(after.body).toEqual(before.body);
    });

    it("get-customer: another org's customer or no such customer is 404 not_found", async () => {
      const otherToken = await tokenOf(otherOrgClient);
      const theirs = await command('create-legal-entity-customer', {
        token: otherToken,
        json: { name: 'Other Org Ltd' },
      });
      const { id } = theirs.body as { id: string };
      const token = await tokenOf(partnerClient);
      for (const unknown of [id, '0f000000-0000-4000-8000-0000000000ff', 'not-a-uuid']) {
        expectAnswer(await getCustomer(token, unknown), 404, typed('not_found'));
      }
      // Nor does the other org's customer appear in the partner's list.
      const listed = await listCustomers(token);
      expect(JSON.stringify(listed.body)).not.toContain(id);
    });

    it('an unknown command: 404 command_not_found', async () => {
      const token = await tokenOf(partnerClient);
      for (const name of ['delete-everything', 'list-customer', 'LIST-CUSTOMERS']) {
        const answer = await command(name, { token, requestor: demoRequestor, json: {} });
        expectAnswer(answer, 404, typed('command_not_found'));
      }
    });
  });

  describe('bad input', () => {
    const person = { first_name: 'Ada', last_name: 'Lovelace' };
    const invalidBodies: ReadonlyArray<readonly [string, string, Sent]> = [
      [
        'malformed JSON',
        'create-natural-person',
        { raw: '{"first_name":', contentType: 'application/json' },
      ],
      ['a JSON array', 'create-natural-person', { json: [person] }],
      ['JSON null', 'create-natural-person', { raw: 'null', contentType: 'application/json' }],
      ['a JSON string', 'create-legal-entity-customer', { json: 'Acme' }],
      ['text/plain', 'create-legal-entity-customer', { raw: 'Acme', contentType: 'text/plain' }],
      ['no body where fields are required', 'create-natural-person', {}],
      ['an empty object', 'create-natural-person', { json: {} }],
      ['a missing last_name', 'create-natural-person', { json: { first_name: 'Ada' } }],
      ['a number for a name', 'create-natural-person', { json: { ...person, last_name: 42 } }],
      ['an empty name', 'create-natural-person', { json: { ...person, first_name: '' } }],
      ['a blank name', 'create-natural-person', { json: { ...person, first_name: '   ' } }],
      [
        'a name too long',
        'create-natural-person',
        { json: { ...person, last_name: 'x'.repeat(201) } },
      ],
      ['an unknown field', 'create-natural-person', { json: { ...person, age: 36 } }],
      ['persons missing', 'natural-persons-wizard', { json: {} }],
      ['persons not a list', 'natural-persons-wizard', { json: { persons: person } }],
      ['no persons', 'natural-persons-wizard', { json: { persons: [] } }],
      ['21 persons', 'natural-persons-wizard', { json: { persons: Array(21).fill(person) } }],
      [
        'one bad person',
        'natural-persons-wizard',
        { json: { persons: [person, { first_name: 'X' }] } },
      ],
      ['a null name', 'create-legal-entity-customer', { json: { name: null } }],
      ['a missing name', 'prepare-legal-entity', { json: {} }],
      ['a list for a name', 'prepare-legal-entity', { json: { name: ['Acme'] } }],
      [
        'fields for list-customers',
        'list-customers',
        { json: { page: 2 }, requestor: demoRequestor },
      ],
      ['no id', 'get-customer', { json: {}, requestor: demoRequestor }],
      ['a number id', 'get-customer', { json: { id: 1 }, requestor: demoRequestor }],
    ];

    it.each(invalidBodies)('%s: 400 invalid_request', async (_, name, sent) => {
      const token = await tokenOf(partnerClient);
      const answer = await command(name, { token, ...sent });
      expectAnswer(answer, 400, typed('invalid_request'));
    });

    it('a form-encoded body: 415 unsupported_media_type', async () => {
      const token = await tokenOf(partnerClient);
      const answer = await command('create-natural-person', {
        token,
        raw: 'first_name=Ada&last_name=Lovelace',
        contentType: formType,
      });
      expectAnswer(answer, 415, typed('unsupported_media_type'));
    });

    it('a body over 64 KiB: 413 payload_too_large', async () => {
      const token = await tokenOf(partnerClient);
      const answer = await command('create-legal-entity-customer', {
        token,
        json: { name: 'x'.repeat(70 * 1024) },
      });
      expectAnswer(answer, 413, typed('payload_too_large'));
    });

    it.each(['GET', 'PUT', 'PATCH', 'DELETE'])(
      '%s on a command: 405 method_not_allowed',
      async (method) => {
        const token = await tokenOf(partnerClient);
        const answer = await command('list-customers', { token, requestor: demoRequestor, method });
        expectAnswer(answer, 405, typed('method_not_allowed'));
      },
    );

    it.each([
      '/partner/v1/commands',
      '/partner/v1/commands/a/b',
      '/partner/v2/commands/list-customers',
    ])('POST %s: 404 not_found', async (path) => {
      const response = await fetch(`${server().url}${path}`, { method: 'POST' });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(typed('not_found'));
    });
  });
});

describe('the usage limit on partner commands', () => {
  const server = useRunningServer({ usageLimit: 3 });
  const { tokenOf, listCustomers, prepareEntity } = partnerApi(() => server().url);

  it('answers 429 rate_limited with Retry-After past the limit; another org is unaffected', async () => {
    const token = await tokenOf(partnerClient);
    for (let i = 0; i < 3; i += 1) {
      const answer = await listCustomers(token);
      expect(answer.status).toBe(200);
    }
    const limited = await listCustomers(token);
    expectAnswer(limited, 429, typed('rate_limited'));
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    // Every command of the org counts, exempt or not, whatever token it comes with.
    const fresh = await tokenOf(partnerClient);
    const exempt = await prepareEntity(fresh, 'X');
    expectAnswer(exempt, 429, typed('rate_limited'));

    const otherToken = await tokenOf(otherOrgClient);
    const other = await prepareEntity(otherToken, 'Y');
    expectAnswer(other, 200, { name: 'Y', status: 'prepared' });
  });
});
