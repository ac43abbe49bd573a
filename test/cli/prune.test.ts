import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { gatehouse, useCliStore } from './support.js';

describe('gatehouse prune', () => {
  useCliStore();

  it('deletes the expired rows of the store named by DATABASE_URL, and says how many', async () => {
    const db = createDatabase(process.env.DATABASE_URL ?? '');
    const now = Math.floor(Date.now() / 1000);
    try {
      await migrateToLatest(db);
      await db
        .insertInto('throttles')
        .values([
          {
            key: 'account:old@example.com',
            failures: 2,
            window_start: now - 3600,
            locked_until: null,
          },
          { key: 'account:new@example.com', failures: 2, window_start: now, locked_until: null },
        ])
        .execute();
    } finally {
      await db.destroy();
    }
    expect(await gatehouse('prune')).toEqual([
      'pruned 1 throttles, 0 refresh-token families, 0 deny-list entries, 0 access codes, 0 authorization codes, 0 sessions, 0 idempotency keys',
    ]);
    expect(await gatehouse('prune')).toEqual([
      'pruned 0 throttles, 0 refresh-token families, 0 deny-list entries, 0 access codes, 0 authorization codes, 0 sessions, 0 idempotency keys',
    ]);
  });
});
