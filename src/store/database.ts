import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  PostgresIntrospector,
  sql,
  SqliteDialect,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { prepareStatements } from './prepared-statements.js';
import { withSharedReads } from './shared-reads.js';
import { withStatementCache } from './statement-cache.js';

export type Db = Kysely<Database>;
/** The store or a transaction on it: what a step that may run inside one takes. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseOptions {
  /** PostgreSQL only: the schema to use, which must exist (tests isolate themselves so). */
  schema?: string;
  /** PostgreSQL only: told when the server ends a connection (the server logs it). */
  onConnectionError?: (error: Error) => void;
}

/** `sqlite:<path>` (WAL), `sqlite::memory:` or `postgres://...`. */
export function createDatabase(url: string, options: DatabaseOptions = {}): Db {
  if (url.startsWith('sqlite:')) return new Kysely<Database>({ dialect: sqlite(url.slice(7)) });
  return new Kysely<Database>({ dialect: postgres(url, options) });
}

export function dialectOf(url: string): 'sqlite' | 'postgres' {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

function sqlite(path: string): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  // FULL: a 2xx means committed, even across a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: withSharedReads(withStatementCache(db), db) });
}

// BIGINT (int8) columns hold epoch seconds, well within Number's exact range.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text'),
};

function postgres(
  url: string,
  { schema, onConnectionError = () => undefined }: DatabaseOptions,
): PostgresDialect {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name: ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types,
    // Names the connections in pg_stat_activity (a test's, by its schema).
    application_name: schema === undefined ? 'gatehouse' : `gatehouse ${schema}`,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // A connection the server ends (a restart, a failover, an idle timeout, an operator's
  // pg_terminate_backend) emits 'error', which would end the process if no one listened:
  // on the pool while idle, on the client while a query holds it. The query it ran, if
  // any, fails with its own error (a 500); the pool drops the connection and opens another
  // for the next query.
  // Each client reports its own end; the pool repeats an idle client's, already told.
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => undefined);
  prepareStatements(pool);
  return new PostgresDialect({ pool });
}

/**
 * Rewrites `table` so that no old version of its rows is left in the store's files: on
 * PostgreSQL `VACUUM FULL` copies the live rows into a new file and drops the old one; on
 * SQLite `VACUUM` rebuilds the database file and a
 * checkpoint empties the WAL. For rare events only (it locks the table or the store).
 */
export async function rewriteTable(db: Db, table: keyof Database & string): Promise<void> {
  if (db.introspection instanceof PostgresIntrospector) {
    await sql`vacuum full ${sql.table(table)}`.execute(db);
    return;
  }
  await sql`vacuum`.execute(db);
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
}
