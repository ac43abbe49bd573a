import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Services } from '../../src/services.js';
import { partner } from '../helpers/app.js';
import type { ClientSecret } from '../helpers/requests.js';
import { clientCredentialsRequest } from '../helpers/requests.js';
import type { StatementLog } from '../helpers/statement-log.js';
import { call as partlyCall, type Credential } from '../surfaces/partly/support.js';
import { call as patchworksCall, login } from '../surfaces/patchworks/support.js';

/** A reply as these tests compare it. */
export interface Answer {
  status: number;
  body: unknown;
}

/** Every keyed call a surface admits, and what it answers once admitted. */
export const keyedCalls = {
  /** Partly: `integrations.get` with both headers (its answer needs no store). */
  partly: (app: FastifyInstance, who: Credential): Promise<Answer> =>
    partlyCall(app, 'integrations.get', {}, who),
  /** Patchworks: GET /fabric/api/user with a raw key or a Bearer token. */
  patchworksUser: async (app: FastifyInstance, authorization: string): Promise<Answer> => {
    const { status, body } = await patchworksCall(app, 'GET', '/fabric/api/user', authorization);
    return { status, body };
  },
  /** Patchworks: GET /fabric/api/blueprints, which needs an administrator's live role. */
  blueprints: async (app: FastifyInstance, token: string): Promise<Answer> => {
    const { status, body } = await patchworksCall(
      app,
      'GET',
      '/fabric/api/blueprints',
      `Bearer ${token}`,
    );
    return { status, body };
  },
  /** Partium: POST /1/find/search with a Bearer key. */
  partiumSearch: async (app: FastifyInstance, key: string): Promise<Answer> => {
    const res = await app.inject({
      method: 'POST',
      url: '/1/find/search',
      headers: { authorization: `Bearer ${key}` },
      payload: { query: 'brake' },
    });
    return { status: res.statusCode, body: res.json() };
  },
  /** The token endpoint: client_credentials with client_secret_post. */
  clientCredentials: async (
    app: FastifyInstance,
    client: ClientSecret = partner,
  ): Promise<Answer> => {
    const res = await clientCredentialsRequest(app, client);
    return { status: res.statusCode, body: res.json() };
  },
};

/** The refusals of each surface, whole. */
export const refusals = {
  surface: { status: 401, body: { type: 'unauthorized' } },
  forbidden: { status: 403, body: { type: 'forbidden' } },
  client: {
    status: 401,
    body: { error: 'invalid_client', error_description: 'client authentication failed' },
  },
};

/** The statements of the store's answer to a route's own read of its org's records. */
export const recordsRead = expect.stringMatching(/^select .* from "demo_records" /);

/**
 * `call` twice on the instance whose store `log` watches, both admitted: the first reads the
 * table `reads` (if given) among others, the second runs only the statements of `route`, its
 * admission none.
 */
export async function expectWarm(
  log: StatementLog,
  call: () => Promise<Answer>,
  { reads, route = [] }: { reads?: string; route?: unknown[] } = {},
): Promise<void> {
  const first = await log.during(call);
  expect(first.result.status).toBe(200);
  if (reads !== undefined) {
    expect(first.statements.some((sql) => sql.includes(`from "${reads}"`))).toBe(true);
  }
  const warm = await log.during(call);
  expect({ status: warm.result.status, statements: warm.statements }).toEqual({
    status: 200,
    statements: route,
  });
}

/** A new API key of Demo Retail (a Patchworks company) with the manager role, in `services`. */
export async function retailKey(
  services: Services,
  expiresAt: number | null = null,
): Promise<{ id: string; secret: string }> {
  const { apiKey, secret } = await services.apiKeys.create({
    orgId: 'org_demo_retail',
    name: 'admission',
    role: 'manager',
    expiresAt,
  });
  return { id: apiKey.id, secret };
}

/** A new administrator of Demo Retail, signed in at /fabric/api/login: their id and token. */
export async function retailAdmin(
  services: Services,
  app: FastifyInstance,
  name: string,
): Promise<{ userId: string; token: string }> {
  const email = `${name}@admission.example`;
  const password = `${name}-password`;
  const user = await services.users.create({ email, password });
  await services.users.addToOrg(user.id, 'org_demo_retail', 'admin');
  return { userId: user.id, token: await login(app, { username: email, password }) };
}

/** A new confidential client of Partner Demo that may use client_credentials. */
export async function partnerClient(services: Services, name: string): Promise<ClientSecret> {
  const { client, secret } = await services.clients.create({
    orgId: 'org_partner_demo',
    name,
    grantTypes: ['client_credentials'],
  });
  if (secret === undefined) throw new Error('a confidential client has a secret');
  return { id: client.id, secret };
}
