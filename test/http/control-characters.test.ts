import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { partner, useTestApp } from '../helpers/app.js';
import {
  clientCredentialsToken,
  partiumAccessToken,
  partiumDev,
  patchworksAdmin,
  patchworksSessionToken,
} from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { people, signIn } from '../management/support.js';
import { forged, invisibleNames } from '../helpers/names.js';

const post = (app: FastifyInstance, url: string, authorization: string, payload: object) =>
  app.inject({ method: 'POST', url, headers: { authorization }, payload });

describe.each(storeTargets)('names with control or invisible characters ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each(invisibleNames)('/v1 refuses a key name with %s, naming the field', async (_, name) => {
    const { app, services } = ctx();
    const token = await signIn(app, people.dev);
    const res = await post(app, '/v1/orgs/org_demo_parts/api-keys', `Bearer ${token}`, { name });
    expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({
      status: 400,
      body: { type: 'invalid_request', message: 'body.name has characters that are not allowed' },
    });
    const names = (await services.apiKeys.list('org_demo_parts')).map((key) => key.name);
    expect(names).not.toContain(name);
  });

  it.each(invisibleNames)('/v1 refuses a client name with %s', async (_, name) => {
    const { app } = ctx();
    const token = await signIn(app, people.admin);
    const res = await post(app, '/v1/orgs/org_demo_retail/clients', `Bearer ${token}`, { name });
    expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({
      status: 400,
      body: { type: 'invalid_request', message: 'body.name has characters that are not allowed' },
    });
  });

  it('refuses such a key name on Partium and Patchworks, and a person name on partner', async () => {
    const { app } = ctx();
    const partiumToken = await partiumAccessToken(app, partiumDev);
    const patchworksToken = await patchworksSessionToken(app, patchworksAdmin);
    const partnerToken = await clientCredentialsToken(app, partner);
    for (const [url, authorization, body] of [
      ['/1/api-keys', `Bearer ${partiumToken}`, { name: forged }],
      ['/fabric/api/api-keys', `Bearer ${patchworksToken}`, { name: forged }],
      ['/fabric/api/blueprints', `Bearer ${patchworksToken}`, { name: 'bp\u001b[2K\u202e' }],
      [
        '/partner/v1/commands/create-natural-person',
        `Bearer ${partnerToken}`,
        { first_name: 'Ada', last_name: forged },
      ],
      [
        '/partner/v1/commands/create-legal-entity-customer',
        `Bearer ${partnerToken}`,
        { name: 'Acme\u202e' },
      ],
    ] as const) {
      const res = await post(app, url, authorization, body);
      expect({ url, status: res.statusCode, body: res.json() as unknown }).toEqual({
        url,
        status: 400,
        body: { type: 'invalid_request' },
      });
    }
  });

  it('keeps accepting names in any script, with spaces and punctuation', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const name = "Zoë's café — 東京 (ci/cd) #2 🚀 नमस्ते";
    const res = await post(app, '/v1/orgs/org_demo_parts/api-keys', `Bearer ${token}`, { name });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name });
  });
});
