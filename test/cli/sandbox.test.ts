import { describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { gatehouse, useCliStore } from './support.js';

const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';

describe('gatehouse sandbox reset', () => {
  useCliStore();

  it('seeds the fixtures into an empty store', async () => {
    expect(await gatehouse('sandbox', 'reset')).toEqual(['sandbox fixtures restored']);
    const seeded = await withServices(async ({ orgs, apiKeys, users }) => ({
      orgs: (await orgs.list()).length,
      key: await apiKeys.verify(partiumKey),
      dev: await users.checkPassword('dev@partium.example', 'demo-dev-pass'),
    }));
    expect(seeded).toMatchObject({
      orgs: 9,
      key: { id: 'key_partium_demo', orgId: 'org_demo_parts', role: 'member' },
      dev: { id: 'usr_partium_dev' },
    });
  });

  it('brings back a fixture key revoked from the command line', async () => {
    await gatehouse('sandbox', 'reset');
    await gatehouse('keys', 'revoke', '--org', 'org_demo_parts', '--id', 'key_partium_demo');
    expect(await withServices(({ apiKeys }) => apiKeys.verify(partiumKey))).toBeUndefined();

    expect(await gatehouse('sandbox', 'reset')).toEqual(['sandbox fixtures restored']);

    expect(await withServices(({ apiKeys }) => apiKeys.verify(partiumKey))).toMatchObject({
      id: 'key_partium_demo',
      revokedAt: null,
    });
    expect(await gatehouse('keys', 'list', '--org', 'org_demo_parts')).toEqual([
      'key_partium_demo\tpartium_demo…\tDemo Parts Co key\tmember\tactive',
    ]);
  });
});
