import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { resetSandbox } from '../../src/sandbox/seed.js';
import { createServices, type Services } from '../../src/services.js';
import { backend, basic, form, testSecretKey, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';

const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
const partner = { id: 'partner_demo_client', secret: 'partner_demo_secret_4b7e9a2c' };
const dev = { id: 'usr_partium_dev', email: 'dev@partium.example', password: 'demo-dev-pass' };

describe.each(storeTargets)('sandbox reset ($name)', (target) => {
  const ctx = useTestApp(target);

  async function exchange(key: string): Promise<number> {
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/oauth/token',
      ...form({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: key,
        subject_token_type: 'urn:gatehouse:params:oauth:token-type:api-key',
      }),
      headers: { ...form({}).headers, authorization: basic(backend.id, backend.secret) },
    });
    return res.statusCode;
  }

  it('restores revoked, changed and locked fixtures, and leaves other users alone', async () => {
    const { services } = ctx();
    await services.apiKeys.revoke('org_demo_parts', 'key_partium_demo', 'operator');
    await services.clients.revoke('org_partner_demo', partner.id);
    await services.users.addToOrg(dev.id, 'org_demo_parts', 'member');
    const extra = await services.users.create({
      email: 'extra@example.com',
      password: 'extra-password',
    });
    for (let i = 0; i < 5; i++) {
      await services.logins.signIn(dev.email, 'wrong password', '203.0.113.7').catch(() => {});
    }
    await expect(services.logins.signIn(dev.email, dev.password, '203.0.113.8')).rejects.toThrow(
      'invalid username or password',
    );
    expect(await exchange(partiumKey)).toBe(400);

    await resetSandbox(services);

    expect(await exchange(partiumKey)).toBe(200);
    expect(await services.apiKeys.verify(partiumKey)).toMatchObject({
      id: 'key_partium_demo',
      revokedAt: null,
    });
    expect(await services.clients.authenticate(partner.id, partner.secret)).toMatchObject({
      revokedAt: null,
    });
    expect(await services.users.roleIn(dev.id, 'org_demo_parts')).toBe('developer');
    expect(await services.logins.signIn(dev.email, dev.password, '203.0.113.8')).toMatchObject({
      id: dev.id,
    });
    expect(await services.users.findByEmail('extra@example.com')).toEqual(extra);
  });

  it('gives a restored fixture user the documented memberships, in order', async () => {
    const { services } = ctx();
    await resetSandbox(services);
    expect(await services.users.memberships(dev.id)).toEqual([
      { orgId: 'org_demo_parts', userId: dev.id, role: 'developer' },
      { orgId: 'org_second_parts', userId: dev.id, role: 'member' },
    ]);
  });

  it('can run again and again', async () => {
    const { services } = ctx();
    await resetSandbox(services);
    await resetSandbox(services);
    expect(await services.orgs.list()).toHaveLength(9);
    expect(await exchange(partiumKey)).toBe(200);
  });
});

describe.each(storeTargets)('sandbox reset on an empty store ($name)', (target) => {
  let services: Services;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    drop = opened.drop;
    const config = loadConfig(
      {},
      {
        databaseUrl: opened.url,
        hashKey: 'reset-test-hash-key-0123456789abcdef',
        secretKey: testSecretKey,
      },
    );
    services = await createServices({ config, db: opened.db, clock: createFixedClock() });
  });
  afterAll(() => drop());

  it('seeds every fixture', async () => {
    expect(await services.orgs.list()).toEqual([]);
    await resetSandbox(services);
    expect(await services.orgs.list()).toHaveLength(9);
    expect(await services.apiKeys.verify(partiumKey)).toMatchObject({ orgId: 'org_demo_parts' });
    expect(await services.users.checkPassword(dev.email, dev.password)).toMatchObject({
      id: dev.id,
    });
  });
});
