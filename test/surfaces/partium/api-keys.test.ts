import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { partiumAccessToken } from '../../helpers/requests.js';
import { storeTargets } from '../../helpers/targets.js';

const demoParts = 'org_demo_parts';
const dev = `Basic ${Buffer.from('dev@partium.example:demo-dev-pass').toString('base64')}`;

/** A developer's access token from POST /auth, for Demo Parts Co. */
async function devToken(app: FastifyInstance): Promise<string> {
  return partiumAccessToken(app, dev);
}

async function revoke(app: FastifyInstance, token: string, id: string) {
  const res = await app.inject({
    method: 'DELETE',
    url: `/1/api-keys/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.body === '' ? '' : (res.json() as unknown) };
}

describe.each(storeTargets)('Partium-style DELETE /1/api-keys/:id ($name)', (target) => {
  const ctx = useTestApp(target);

  it('never lets a developer revoke a key above their own role (403); the key works on', async () => {
    const { app, services } = ctx();
    const token = await devToken(app);
    for (const role of ['owner', 'admin'] as const) {
      const { apiKey, secret } = await services.apiKeys.create({
        orgId: demoParts,
        name: `${role} key`,
        role,
      });
      expect(await revoke(app, token, apiKey.id)).toEqual({
        status: 403,
        body: { type: 'forbidden' },
      });
      expect((await services.apiKeys.verify(secret))?.revokedAt).toBeNull();
    }
  });

  it('lets a developer revoke a key at or below their own role (204)', async () => {
    const { app, services } = ctx();
    const token = await devToken(app);
    for (const role of ['developer', 'member', null] as const) {
      const { apiKey, secret } = await services.apiKeys.create({
        orgId: demoParts,
        name: 'k',
        role,
      });
      expect(await revoke(app, token, apiKey.id)).toEqual({ status: 204, body: '' });
      expect(await services.apiKeys.verify(secret)).toBeUndefined();
    }
  });
});
