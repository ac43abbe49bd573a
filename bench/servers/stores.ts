import SQLite from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export type StoreKind = 'sqlite' | 'postgres';

/** A store of its own for one server (or one size of the scale scenario), dropped after. */
export interface BenchStore {
  kind: StoreKind;
  /** DATABASE_URL of the server. */
  url: string;
  /** Bytes of the whole store, and of `table` with its indexes. */
  size(table: string): Promise<{ store: number; table: number }>;
  drop(): Promise<void>;
}

/**
 * SQLite: a fresh file in the run's working directory (`workDir`), as a production server
 * keeps one. PostgreSQL: a fresh database on the server of `adminUrl`, created now and
 * dropped (with its connections) afterwards, so the server runs with a plain DATABASE_URL.
 */
export async function openBenchStore(
  kind: StoreKind,
  { workDir, name, adminUrl }: { workDir: string; name: string; adminUrl?: string },
): Promise<BenchStore> {
  if (kind === 'sqlite') return sqliteStore(join(workDir, `${name}.db`));
  if (adminUrl === undefined) throw new Error('PostgreSQL needs BENCH_DATABASE_URL');
  const store = await postgresStore(adminUrl);
  open.add(store);
  return {
    ...store,
    async drop() {
      open.delete(store);
      await store.drop();
    },
  };
}

const open = new Set<BenchStore>();

/** Drops every PostgreSQL database still there (the run was interrupted). */
export async function dropAll(): Promise<void> {
  await Promise.all([...open].map((store) => store.drop()));
  open.clear();
}

function sqliteStore(file: string): BenchStore {
  const bytes = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return {
    kind: 'sqlite',
    url: `sqlite:${file}`,
    async size(table) {
      const db = new SQLite(file, { readonly: true });
      try {
        const row = db
          .prepare(
            'select coalesce(sum(pgsize), 0) as bytes from dbstat where name in ' +
              '(select name from sqlite_schema where tbl_name = ?)',
          )
          .get(table) as { bytes: number };
        return { store: bytes(file) + bytes(`${file}-wal`), table: row.bytes };
      } finally {
        db.close();
      }
    },
    async drop() {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

async function postgresStore(adminUrl: string): Promise<BenchStore> {
  const name = `gatehouse_bench_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    size: (table) =>
      withClient(url.toString(), async (client) => {
        const { rows } = await client.query<{ store: string; table: string }>(
          'select pg_database_size(current_database()) as store, ' +
            'pg_total_relation_size($1::regclass) as table',
          [table],
        );
        return { store: Number(rows[0]?.store ?? 0), table: Number(rows[0]?.table ?? 0) };
      }),
    drop: () =>
      withClient(adminUrl, async (client) => {
        await client.query(`drop database if exists ${name} with (force)`);
      }),
  };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
