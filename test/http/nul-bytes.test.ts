import type { FastifyInstance, InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { backend, partner, useTestApp } from '../helpers/app.js';
import {
  bearerOptions,
  clientCredentialsToken,
  formOptions,
  partiumAccessToken,
  partiumDev,
  patchworksAdmin,
  patchworksSessionToken,
  rawRequest,
} from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { people, signIn } from '../management/support.js';
import { headersOf, repairer } from '../surfaces/partly/support.js';
import { oauthError } from '../helpers/replies.js';

const nul = 'a\u0000b';

const inBody = 'the body must not contain a NUL character';
const inPath = 'the path must not contain a NUL character';
const inQuery = 'the query must not contain a NUL character';
const inHeader = 'the Authorization header must not contain a NUL character';
const oauth = (description: string) => oauthError('invalid_request', description);
const management = (message: string) => ({ type: 'invalid_request', message });
const surface = { type: 'invalid_request' };

/** The credentials a case may need, signed in once per store. */
interface Credentials {
  developer: string;
  admin: string;
  partner: string;
  partium: string;
  patchworks: string;
}

interface Case {
  name: string;
  request: (credentials: Credentials) => InjectOptions;
  body: unknown;
}

const postJson = (url: string, payload: object, authorization?: string): InjectOptions => ({
  method: 'POST',
  url,
  headers: authorization === undefined ? {} : { authorization },
  payload,
});

const cases: Case[] = [
  {
    name: '/v1: an org id with a NUL',
    request: ({ developer }) => bearerOptions('GET', '/v1/orgs/%00/api-keys', developer),
    body: management(inPath),
  },
  {
    name: '/v1: a key name with a NUL',
    request: ({ developer }) =>
      postJson('/v1/orgs/org_demo_parts/api-keys', { name: nul }, `Bearer ${developer}`),
    body: management(inBody),
  },
  {
    name: '/v1: a key id with a NUL, to revoke',
    request: ({ developer }) =>
      bearerOptions('DELETE', '/v1/orgs/org_demo_parts/api-keys/a%00b', developer),
    body: management(inPath),
  },
  {
    name: '/v1: a NUL in the query',
    request: ({ developer }) => bearerOptions('GET', '/v1/orgs?x=a%00b', developer),
    body: management(inQuery),
  },
  {
    name: '/v1: a client redirect URI with a NUL, deep in the body',
    request: ({ admin }) =>
      postJson(
        '/v1/orgs/org_demo_retail/clients',
        { name: 'c', redirect_uris: [`https://app.example/${nul}`] },
        `Bearer ${admin}`,
      ),
    body: management(inBody),
  },
  {
    name: 'password grant: a username with a NUL',
    request: () =>
      formOptions(
        '/oauth/token',
        { grant_type: 'password', username: nul, password: 'x' },
        backend,
      ),
    body: oauth(inBody),
  },
  {
    name: 'client_credentials: a client_id with a NUL',
    request: () =>
      formOptions('/oauth/token', {
        grant_type: 'client_credentials',
        client_id: nul,
        client_secret: 'x',
      }),
    body: oauth(inBody),
  },
  {
    name: 'revocation: a client_id with a NUL',
    request: () =>
      rawRequest(
        'POST',
        '/oauth/revoke',
        'application/x-www-form-urlencoded',
        'client_id=a%00b&token=x',
      ),
    body: oauth(inBody),
  },
  {
    name: 'introspection: a token with a NUL',
    request: () => formOptions('/oauth/introspect', { token: nul }, partner),
    body: oauth(inBody),
  },
  {
    name: 'Partly integrations.insert: a client_id with a NUL',
    request: () =>
      postJson('/api/2026-01/integrations.insert', {
        client_id: nul,
        client_secret: 'x',
        access_code: 'y',
      }),
    body: surface,
  },
  {
    name: 'Partly repairer.jobs.get: an id with a NUL',
    request: () => ({
      method: 'POST',
      url: '/api/2026-01/repairer.jobs.get',
      headers: headersOf(repairer),
      payload: { identity: { id: nul } },
    }),
    body: surface,
  },
  {
    name: 'Partium /auth: a Basic user name with a NUL',
    request: () => ({
      method: 'POST',
      url: '/auth',
      headers: { authorization: `Basic ${Buffer.from(`${nul}:pass`).toString('base64')}` },
    }),
    body: surface,
  },
  {
    name: 'Partium /auth: an organization_id with a NUL',
    request: () => postJson('/auth', { organization_id: nul }, partiumDev),
    body: surface,
  },
  {
    name: 'Partium key deletion: an id with a NUL',
    request: ({ partium }) => bearerOptions('DELETE', '/1/api-keys/a%00b', partium),
    body: surface,
  },
  {
    name: 'Partium search: a query with a NUL',
    request: ({ partium }) => postJson('/1/find/search', { query: nul }, `Bearer ${partium}`),
    body: surface,
  },
  {
    name: 'Patchworks login: a username with a NUL',
    request: () => postJson('/fabric/api/login', { username: nul, password: 'x' }),
    body: surface,
  },
  {
    name: 'Patchworks key deletion: an id with a NUL',
    request: ({ patchworks }) => bearerOptions('DELETE', '/fabric/api/api-keys/a%00b', patchworks),
    body: surface,
  },
  {
    name: 'Patchworks key creation: a name with a NUL',
    request: ({ patchworks }) =>
      postJson('/fabric/api/api-keys', { name: nul }, `Bearer ${patchworks}`),
    body: surface,
  },
  {
    name: 'partner command: a NUL in a field name, deep in the body',
    request: ({ partner }) =>
      bearerOptions('POST', '/partner/v1/commands/create-natural-person', partner, {
        payload: { first_name: 'a', last_name: 'b', [nul]: 'c' },
      }),
    body: surface,
  },
];

async function credentials(app: FastifyInstance): Promise<Credentials> {
  return {
    developer: await signIn(app, people.dev),
    admin: await signIn(app, people.admin),
    partium: await partiumAccessToken(app, partiumDev),
    patchworks: await patchworksSessionToken(app, patchworksAdmin),
    partner: await clientCredentialsToken(app, partner),
  };
}

describe.each(storeTargets)('a NUL character anywhere in a request ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each(cases)('$name: 400 invalid_request', async ({ request, body }) => {
    const { app } = ctx();
    const res = await app.inject(request(await credentials(app)));
    expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({ status: 400, body });
  });

  it('refuses a NUL in the Authorization header, in each format', async () => {
    const { app } = ctx();
    const header = { authorization: `Bearer ${nul}` };
    for (const [url, body] of [
      ['/v1/orgs', management(inHeader)],
      ['/fabric/api/flows', surface],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers: header });
      expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({
        status: 400,
        body,
      });
    }
  });

  it('still answers the same requests without a NUL as before', async () => {
    const { app } = ctx();
    const res = await app.inject(postJson('/fabric/api/login', { username: 'ab', password: 'x' }));
    expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({
      status: 401,
      body: { type: 'unauthorized' },
    });
  });
});
