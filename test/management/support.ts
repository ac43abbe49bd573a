import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../src/orgs/roles.js';
import type { Services } from '../../src/services.js';
import { backend, basic, form } from '../helpers/app.js';
import { apiKeyTokenType, tokenExchangeGrant } from '../helpers/requests.js';

// Kept under their old names here for tests that import them from this file.
export { apiKeyTokenType, tokenExchangeGrant as tokenExchange };

/** The sandbox people of docs/sandbox.md, as a user types them. */
export const people = {
  dev: { id: 'usr_partium_dev', email: 'dev@partium.example', password: 'demo-dev-pass' },
  viewer: {
    id: 'usr_partium_viewer',
    email: 'viewer@partium.example',
    password: 'demo-viewer-pass',
  },
  admin: {
    id: 'usr_patchworks_admin',
    email: 'admin@patchworks.example',
    password: 'demo-admin-pass',
  },
  manager: {
    id: 'usr_patchworks_manager',
    email: 'manager@patchworks.example',
    password: 'demo-manager-pass',
  },
} as const;

export interface Reply {
  status: number;
  body: unknown;
}

/**
 * What the management API answers a refused request, as `call` reads it: the status, the
 * `{ type, message }` body, and the Bearer challenge of a 401 (RFC 6750 §3).
 */
export function refusal(status: number, type: string, message: string, wwwAuthenticate?: string) {
  return { status, body: { type, message }, wwwAuthenticate };
}

/** A POST to /oauth/token as the demo backend client. */
export async function tokenRequest(
  app: FastifyInstance,
  fields: Record<string, string>,
): Promise<Reply> {
  const res = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    ...form(fields),
    headers: { ...form({}).headers, authorization: basic(backend.id, backend.secret) },
  });
  return { status: res.statusCode, body: res.json() };
}

/** A user's access token, from the password grant. */
export async function signIn(
  app: FastifyInstance,
  person: { email: string; password: string },
): Promise<string> {
  const res = await tokenRequest(app, {
    grant_type: 'password',
    username: person.email,
    password: person.password,
  });
  expect(res.status).toBe(200);
  const { access_token } = res.body as { access_token: string };
  return access_token;
}

/** "Uses" an API key: RFC 8693 token exchange of the key for an access token. */
export function exchangeApiKey(app: FastifyInstance, key: string): Promise<Reply> {
  return tokenRequest(app, {
    grant_type: tokenExchangeGrant,
    subject_token: key,
    subject_token_type: apiKeyTokenType,
  });
}

/** An access token whose subject is the API key `key`, not a person. */
export async function apiKeyToken(app: FastifyInstance, key: string): Promise<string> {
  const res = await exchangeApiKey(app, key);
  expect(res.status).toBe(200);
  const { access_token } = res.body as { access_token: string };
  return access_token;
}

/** A JSON request to the management API. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  token: string | undefined,
  payload?: object,
): Promise<Reply & { wwwAuthenticate: string | undefined }> {
  const res = await app.inject({
    method,
    url,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload }),
  });
  const challenge = res.headers['www-authenticate'];
  return {
    status: res.statusCode,
    body: res.json(),
    wwwAuthenticate: typeof challenge === 'string' ? challenge : undefined,
  };
}

/**
 * A new, empty org in which `userId` holds `role`: lists in it hold only what a test made.
 * It defines the scopes the tests give their keys.
 */
export async function freshOrg(services: Services, userId: string, role: Role): Promise<string> {
  const org = await services.orgs.create({
    name: 'Fresh Org',
    scopes: ['parts:read', 'parts:write'],
  });
  await services.users.addToOrg(userId, org.id, role);
  return org.id;
}

/** How the API writes a time: ISO 8601 in UTC with milliseconds. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** `person` signed in, holding `role` in a fresh org (`freshOrg`) that lists only what a test makes. */
export async function signedInToFreshOrg(
  app: FastifyInstance,
  services: Services,
  person: { id: string; email: string; password: string },
  role: Role,
): Promise<{ orgId: string; token: string }> {
  const orgId = await freshOrg(services, person.id, role);
  return { orgId, token: await signIn(app, person) };
}

/** What the management API answers a credential that is not a person's. */
export const notAPerson = refusal(
  403,
  'forbidden',
  "the management API needs a user's access token",
);

/**
 * Credentials that are not a person's: the Patchworks demo API key, an access token
 * exchanged for it, and a client's own token from the client_credentials grant.
 */
export async function nonPersonCredentials(app: FastifyInstance): Promise<string[]> {
  const key = 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f';
  const client = await tokenRequest(app, { grant_type: 'client_credentials' });
  const { access_token: clientToken } = client.body as { access_token: string };
  return [key, await apiKeyToken(app, key), clientToken];
}
