import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { storeTargets } from '../helpers/targets.js';

// Kysely keeps its migration bookkeeping in tables of its own; each store must use its own,
// even when another store of the same PostgreSQL database (another schema: a second
// deployment, another application, a test running alongside) already has them.
describe.each(storeTargets)('migrations ($name)', (target) => {
  it('migrates a fresh store while another migrated store exists beside it', async () => {
    const first = await target.open();
    try {
      const second = await target.open();
      try {
        expect(await second.db.selectFrom('orgs').select('id').execute()).toEqual([]);
        expect(await migrateToLatest(second.db)).toEqual([]);
        expect(await migrateToLatest(first.db)).toEqual([]);
      } finally {
        await second.drop();
      }
    } finally {
      await first.drop();
    }
  });
});
