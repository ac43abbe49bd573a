import type { HttpRequest } from '../load/drive.js';
import {
  backendClient,
  partnerClient,
  patchworksKey,
  repairerInstall,
  requestorId,
} from '../fixtures.js';

/**
 * The requests the scenarios send to Gatehouse, as the walk-throughs of docs/ send them. Each
 * is read-only or idempotent where it is repeated, so that every answer is a 2xx; a request
 * that spends something (a code, a refresh token) takes a fresh value each time.
 */

/** RFC 6749 §2.3.1: the client id and secret, form-urlencoded, in HTTP Basic. */
export function basic(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = (client: { id: string; secret: string }) => ({
  authorization: basic(client.id, client.secret),
  'content-type': 'application/x-www-form-urlencoded',
});
const json = () => ({ 'content-type': 'application/json' });

/** OpenID Connect Discovery: no credential, no store (oauth/discovery.ts). */
export const discovery: HttpRequest = {
  method: 'GET',
  path: '/.well-known/openid-configuration',
  headers: {},
};

/** RFC 6749 §4.4 with client_secret_basic, at `path` (Gatehouse's, or a reference's). */
export function clientCredentials(path = '/oauth/token'): HttpRequest {
  return {
    method: 'POST',
    path,
    headers: formHeaders(partnerClient),
    body: form({ grant_type: 'client_credentials' }),
  };
}

/** The Partly-style call with its two headers: the install's key and its id (docs/partly.md). */
export const partlyJobs: HttpRequest = {
  method: 'POST',
  path: '/api/2026-01/repairer.jobs.list',
  headers: {
    ...json(),
    authorization: `Bearer ${repairerInstall.key}`,
    'partly-integration-id': repairerInstall.integrationId,
  },
  body: '{}',
};

/** The Patchworks-style raw key, as is in `Authorization` (docs/patchworks.md). */
export const patchworksFlows: HttpRequest = {
  method: 'GET',
  path: '/fabric/api/flows',
  headers: { authorization: patchworksKey.secret },
};

/** A partner command with a client_credentials token (docs/partner.md). */
export function partnerCommand(token: string): HttpRequest {
  return {
    method: 'POST',
    path: '/partner/v1/commands/list-customers',
    headers: { authorization: `Bearer ${token}`, 'requestor-id': requestorId },
  };
}

/** The Partium-style search with a key (docs/partium.md); also the scale scenario's call. */
export function partiumSearch(key: string): HttpRequest {
  return {
    method: 'POST',
    path: '/1/find/search',
    headers: { ...json(), authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: 'brake' }),
  };
}

/** RFC 7662 introspection of `token` by the client it was issued to. */
export function introspection(token: string): HttpRequest {
  return {
    method: 'POST',
    path: '/oauth/introspect',
    headers: formHeaders(partnerClient),
    body: form({ token }),
  };
}

/** The Partly-style install handshake with a single-use access code. */
export function install(client: { id: string; secret: string }, accessCode: string): HttpRequest {
  return {
    method: 'POST',
    path: '/api/2026-01/integrations.insert',
    headers: json(),
    body: JSON.stringify({
      client_id: client.id,
      client_secret: client.secret,
      access_code: accessCode,
    }),
  };
}

/** RFC 6749 §6: a refresh by the platform client, which rotates the token. */
export function refresh(token: string): HttpRequest {
  return {
    method: 'POST',
    path: '/oauth/token',
    headers: formHeaders(backendClient),
    body: form({ grant_type: 'refresh_token', refresh_token: token }),
  };
}

/** The Partium-style key login: the key for an access and a refresh token. */
export function partiumKeyLogin(key: string): HttpRequest {
  return { method: 'POST', path: '/auth', headers: { authorization: `Bearer ${key}` } };
}

/** RFC 8693 token exchange of an API key by the platform client (oauth/grants/token_exchange.ts). */
export function tokenExchange(key: string): HttpRequest {
  return {
    method: 'POST',
    path: '/oauth/token',
    headers: formHeaders(backendClient),
    body: form({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: key,
      subject_token_type: 'urn:gatehouse:params:oauth:token-type:api-key',
    }),
  };
}
