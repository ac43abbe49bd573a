import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** The Patchworks-style fixtures of docs/sandbox.md, as a user types them. */
export const demoKey = 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f';
export const company = { id: 'org_demo_retail', name: 'Demo Retail' };
export const admin = { username: 'admin@patchworks.example', password: 'demo-admin-pass' };
export const manager = { username: 'manager@patchworks.example', password: 'demo-manager-pass' };
export const flows = [
  { id: 'flw_orders_to_erp', name: 'Shopify orders to ERP', enabled: true },
  { id: 'flw_stock_sync', name: 'Stock levels to Shopify', enabled: false },
];
export const contractKey = /^pw_[0-9a-f]{32}$/;

export interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

/** A request to the surface; `authorization` is sent exactly as given. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  authorization?: string,
  payload?: object,
): Promise<Reply> {
  const res = await app.inject({
    method,
    url,
    headers: authorization === undefined ? {} : { authorization },
    ...(payload === undefined ? {} : { payload }),
  });
  return {
    status: res.statusCode,
    body: res.body === '' ? undefined : res.json(),
    headers: res.headers,
  };
}

/** POST /fabric/api/login, expecting success: the token. */
export async function login(
  app: FastifyInstance,
  person: { username: string; password: string },
): Promise<string> {
  const res = await call(app, 'POST', '/fabric/api/login', undefined, person);
  expect(res.status).toBe(200);
  return (res.body as { token: string }).token;
}

/** POST /fabric/api/api-keys with an administrator's `authorization`, expecting success. */
export async function createKey(
  app: FastifyInstance,
  authorization: string,
  body: object = {},
): Promise<{ id: string; key: string; name: string; expires_at: string | null }> {
  const res = await call(app, 'POST', '/fabric/api/api-keys', authorization, body);
  expect(res.status).toBe(201);
  return (
    res.body as { data: { id: string; key: string; name: string; expires_at: string | null } }
  ).data;
}

export const unauthorized = { type: 'unauthorized' };
export const forbidden = { type: 'forbidden' };
export const notFound = { type: 'not_found' };
export const invalidRequest = { type: 'invalid_request' };
