import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createDatabase, type Db } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/** A database the shared suites run against: SQLite always, PostgreSQL when configured. */
export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database, and how to drop it. */
  open(): Promise<{ db: Db; url: string; schema?: string; drop(): Promise<void> }>;
}

/** SQLite, in memory; every run has it (a running server gets a file: shared-store.ts). */
export const sqlite: StoreTarget = {
  name: 'sqlite',
  async open() {
    const url = 'sqlite::memory:';
    const db = createDatabase(url);
    await migrateToLatest(db);
    return { db, url, drop: () => db.destroy() };
  },
};

function postgres(url: string): StoreTarget {
  return {
    name: 'postgres',
    async open() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const db = createDatabase(url, { schema });
      const drop = async () => {
        await db.destroy();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      };
      // A schema whose migration failed is dropped too, not left behind in the database.
      await migrateToLatest(db).catch(async (error: unknown) => {
        await drop();
        throw error;
      });
      return { db, url, schema, drop };
    },
  };
}

export const storeTargets: StoreTarget[] = [
  sqlite,
  ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
];
