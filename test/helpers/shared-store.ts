import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Db } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { StoreTarget } from './targets.js';

/** A store that several servers can open one after another (and at once), and its URL. */
export interface SharedStore {
  url: string;
  /** Where a generated key is kept (beside an SQLite file), if anywhere. */
  dir: string | undefined;
  /** A new connection to the store; whoever gets it destroys it. */
  connect(): Db;
  drop(): Promise<void>;
}

/** An SQLite file in a fresh directory, or a fresh PostgreSQL schema; migrated and empty. */
export async function sharedStore(target: StoreTarget): Promise<SharedStore> {
  if (target.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
    const url = `sqlite:${join(dir, 'gatehouse.db')}`;
    const db = createDatabase(url);
    await migrateToLatest(db);
    await db.destroy();
    return {
      url,
      dir,
      connect: () => createDatabase(url),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const opened = await target.open();
  const { schema } = opened;
  return {
    url: opened.url,
    dir: undefined,
    connect: () => createDatabase(opened.url, schema === undefined ? {} : { schema }),
    drop: opened.drop,
  };
}
