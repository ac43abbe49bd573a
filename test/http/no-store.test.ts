import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { backend, partner, useTestApp } from '../helpers/app.js';
import {
  apiKeyTokenType,
  clientCredentialsRequest,
  partiumAccessToken,
  partiumDev,
  partiumSignIn,
  passwordRequest,
  patchworksAdmin,
  patchworksSessionToken,
  postToken,
  tokenExchangeGrant,
} from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { people, signIn } from '../management/support.js';
import { client as partlyClient } from '../surfaces/partly/support.js';

const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';

type Send = (app: FastifyInstance) => Promise<LightMyRequestResponse>;

const json = (app: FastifyInstance, url: string, authorization: string | undefined, body: object) =>
  app.inject({
    method: 'POST',
    url,
    headers: authorization === undefined ? {} : { authorization },
    payload: body,
  });

const token = (app: FastifyInstance, fields: Record<string, string>) =>
  postToken(app, fields, backend);
const partiumAccess = (app: FastifyInstance) => partiumAccessToken(app, partiumDev);
const patchworksToken = (app: FastifyInstance) => patchworksSessionToken(app, patchworksAdmin);

// Every answer that carries a new secret, key, code or token (RFC 6749 §5.1), and what it is.
const carriesSecret: Array<[string, number, Send]> = [
  [
    '/v1 key creation',
    201,
    async (app) =>
      json(app, '/v1/orgs/org_demo_parts/api-keys', `Bearer ${await signIn(app, people.dev)}`, {
        name: 'ci',
      }),
  ],
  [
    '/v1 client creation',
    201,
    async (app) =>
      json(app, '/v1/orgs/org_demo_retail/clients', `Bearer ${await signIn(app, people.admin)}`, {
        name: 'backend',
      }),
  ],
  [
    'Partly integrations.insert',
    200,
    (app) =>
      json(app, '/api/2026-01/integrations.insert', undefined, {
        ...partlyClient,
        access_code: 'ac_demo_valid_15m',
      }),
  ],
  [
    'Partium key creation',
    201,
    async (app) => json(app, '/1/api-keys', `Bearer ${await partiumAccess(app)}`, { name: 'k' }),
  ],
  ['Partium /auth with a password', 200, (app) => partiumSignIn(app, partiumDev)],
  [
    'Partium /1/auth with a key',
    200,
    (app) =>
      app.inject({
        method: 'POST',
        url: '/1/auth',
        headers: { authorization: `Bearer ${partiumKey}` },
      }),
  ],
  [
    'Partium /auth/refresh',
    200,
    async (app) => {
      const res = await partiumSignIn(app, partiumDev);
      const { refresh_token } = res.json() as { refresh_token: string };
      return json(app, '/auth/refresh', undefined, { refresh_token });
    },
  ],
  [
    'Patchworks key creation',
    201,
    async (app) =>
      json(app, '/fabric/api/api-keys', `Bearer ${await patchworksToken(app)}`, { name: 'k' }),
  ],
  ['Patchworks login', 200, (app) => json(app, '/fabric/api/login', undefined, patchworksAdmin)],
  [
    'the token endpoint, client_credentials (partner)',
    200,
    (app) => clientCredentialsRequest(app, partner),
  ],
  [
    'the token endpoint, password',
    200,
    (app) => passwordRequest(app, people.dev.email, people.dev.password),
  ],
  [
    'the token endpoint, token exchange',
    200,
    (app) =>
      token(app, {
        grant_type: tokenExchangeGrant,
        subject_token: partiumKey,
        subject_token_type: apiKeyTokenType,
      }),
  ],
  [
    'the sandbox credentials',
    200,
    (app) => app.inject({ method: 'GET', url: '/sandbox/credentials' }),
  ],
];

describe.each(storeTargets)('answers that carry a secret are never cached ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each(carriesSecret)('%s: Cache-Control: no-store', async (_, status, send) => {
    const res = await send(ctx().app);
    expect(res.statusCode).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
  });
});
