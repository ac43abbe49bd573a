import { describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { gatehouse, useCliStore } from './support.js';

const serverHashKey = 'hash-key-the-server-runs-with-0123456789abcdef';

// A production store set up with GATEHOUSE_HASH_KEY keeps no hash key of its own: a command
// run without the variable must not make one, or the keys it prints are refused by the server.
describe('gatehouse on a store set up with GATEHOUSE_HASH_KEY, run without it', () => {
  useCliStore();

  it('refuses, saying which variable to set, and changes nothing', async () => {
    const orgId = await withServices(
      async ({ orgs, apiKeys }) => {
        const org = await orgs.create({ name: 'Hashed Co' });
        await apiKeys.create({ orgId: org.id, name: 'server key' });
        return org.id;
      },
      { hashKey: serverHashKey },
    );
    await expect(gatehouse('keys', 'create', '--org', orgId, '--name', 'cli key')).rejects.toThrow(
      'GATEHOUSE_HASH_KEY is not set, and this store was set up with it (it keeps no hash key ' +
        'of its own): set the GATEHOUSE_HASH_KEY the server runs with',
    );
    const names = await withServices(
      async ({ apiKeys, db }) => {
        const kept = await db.selectFrom('settings').select('name').execute();
        expect(kept.map((row) => row.name)).not.toContain('hash_key');
        return (await apiKeys.list(orgId)).map((key) => key.name);
      },
      { hashKey: serverHashKey },
    );
    expect(names).toEqual(['server key']);
  });
});
