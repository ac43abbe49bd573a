import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/store/database.js';
import type { StoreTarget } from './targets.js';

/**
 * A fresh, migrated store of `target` for the tests of one describe block, dropped after
 * them. `setUp` runs once on it before the tests, to build the services they use. Returns
 * the store, for tests that read or write it directly.
 */
export function useStore(
  target: StoreTarget,
  setUp: (db: Db) => Promise<void> | void = () => undefined,
): () => Db {
  let db: Db | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await target.open();
    drop = opened.drop;
    await setUp(opened.db);
    db = opened.db;
  });
  afterAll(async () => {
    await drop?.();
  });
  return () => {
    if (db === undefined) throw new Error('the test store is not ready yet');
    return db;
  };
}
