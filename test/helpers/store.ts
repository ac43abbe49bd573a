import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
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

/** Tables whose rows a test reads back by id, to see what was stored. */
type ById = 'api_keys' | 'clients' | 'users';

/** The stored row of `table` whose id is `id`; throws if there is none. */
export function storedRow<T extends ById>(db: Db, table: T, id: string): Promise<Database[T]> {
  return db
    .selectFrom(table as ById)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow() as Promise<Database[T]>;
}
