import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Services } from '../../../src/services.js';

/** The Partly-style sandbox fixtures (docs/sandbox.md), exactly as users paste them. */
export const client = { client_id: 'partly_client_demo', client_secret: 'secret_demo_8f3a' };
export const fixtureCode = 'ac_demo_valid_15m';
export const repairer = {
  key: 'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
  integration: '0c000000-0000-4000-8000-000000000001',
};
export const supplier = {
  key: 'partly_demo_supplier_9b1d4e7a2c5f8b0e3d6a',
  integration: '0c000000-0000-4000-8000-000000000002',
};
export const corolla = '0a000000-0000-4000-8000-000000000001';
export const ownProcurement = '0d000000-0000-4000-8000-000000000001';
export const otherProcurement = '0d000000-0000-4000-8000-000000000002';
export const zeroId = '00000000-0000-4000-8000-000000000000';

/** The sandbox job of Demo Repairer, and a procurement for it, as the methods show them. */
export const job = { id: corolla, vehicle: '2019 Toyota Corolla', status: 'open' };
export const procurement = (id: string, status: string) => ({
  id,
  job_id: corolla,
  repairer: 'Demo Repairer',
  status,
});

/** What integrations.get answers the integration `id` installed into `organization`. */
export const integrationView = (
  id: string,
  organization: { id: string; name: string; kind: string },
) => ({
  status: 200,
  body: {
    id,
    organization,
    client_id: 'partly_client_demo',
    created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
  },
});

export const apiKeyShape = /^partly_[0-9a-f]{32}$/;
export const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface Credential {
  key: string;
  integration: string;
}

export const headersOf = (who: Credential) => ({
  authorization: `Bearer ${who.key}`,
  'partly-integration-id': who.integration,
});

/** `POST /api/2026-01/<method>` through app.inject; `who` adds the two auth headers. */
export async function call(
  app: FastifyInstance,
  method: string,
  body: unknown,
  who?: Credential,
): Promise<{ status: number; body: unknown }> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/2026-01/${method}`,
    headers: { 'content-type': 'application/json', ...(who ? headersOf(who) : {}) },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() };
}

/** A fresh install of the demo client into `orgId`, through the core, as two headers. */
export async function installInto(services: Services, orgId: string): Promise<Credential> {
  const { code } = await services.accessCodes.issue({ clientId: client.client_id, orgId });
  const { integration, apiKey } = await services.integrations.install({
    clientId: client.client_id,
    clientSecret: client.client_secret,
    accessCode: code,
  });
  return { key: apiKey, integration: integration.id };
}
