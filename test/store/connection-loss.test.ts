import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/store/database.js';
import { storeTargets } from '../helpers/targets.js';

const postgres = storeTargets.find((target) => target.name === 'postgres');

// PostgreSQL may end any connection (a restart, a failover, an idle timeout, an operator):
// the query on it fails, the process goes on, and the next query gets a new connection.
// The connections of a store are named by its schema (store/database.ts), so ending them
// touches no other test's store.
describe.runIf(postgres !== undefined)('a PostgreSQL connection the server ends', () => {
  let db: Db;
  let name: string;
  let url: string;
  let drop: () => Promise<void>;
  const ended: Error[] = [];

  beforeAll(async () => {
    const opened = await (postgres as NonNullable<typeof postgres>).open();
    ({ url, drop } = opened);
    name = `gatehouse ${opened.schema ?? ''}`;
    db = createDatabase(url, {
      ...(opened.schema === undefined ? {} : { schema: opened.schema }),
      onConnectionError: (error) => ended.push(error),
    });
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  /** Runs `query` on a connection of its own, outside the store under test. */
  async function asAdmin<T extends pg.QueryResultRow>(query: string, values: unknown[]) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      return (await admin.query<T>(query, values)).rows;
    } finally {
      await admin.end();
    }
  }

  /** Ends the store's connections in `state` ('idle' or 'active'); how many it ended. */
  async function endConnections(state: 'idle' | 'active'): Promise<number> {
    const rows = await asAdmin<{ ended: boolean }>(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity ' +
        'where application_name = $1 and state = $2',
      [name, state],
    );
    return rows.filter((row) => row.ended).length;
  }

  /** Waits (at most 5 s) until `done` holds. */
  async function until(done: () => Promise<boolean> | boolean): Promise<void> {
    for (let i = 0; i < 100 && !(await done()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const one = async () => (await sql<{ one: number }>`select 1 as one`.execute(db)).rows;

  it('is replaced when it ended while idle', async () => {
    expect(await one()).toEqual([{ one: 1 }]);
    // This store's idle connections: ours, and the one that migrated it.
    expect(await endConnections('idle')).toBeGreaterThanOrEqual(1);
    await until(() => ended.length === 1);
    expect(ended.map((error) => (error as Error & { code?: string }).code)).toEqual(['57P01']);
    expect(await one()).toEqual([{ one: 1 }]);
  });

  it('fails only the query it ran when it ended in use', async () => {
    ended.length = 0;
    // Settled at once, so that its failure is awaited below rather than left unhandled.
    const slow = sql`select pg_sleep(5)`.execute(db).then(
      () => 'finished',
      (error: Error & { code?: string }) => error.code,
    );
    await until(async () => {
      const running = await asAdmin(
        "select 1 from pg_stat_activity where application_name = $1 and query like 'select pg_sleep%'",
        [name],
      );
      return running.length === 1;
    });
    expect(await endConnections('active')).toBe(1);
    expect(await slow).toBe('57P01');
    // The query fails as the server's message arrives; the pool drops the connection once
    // it has closed (reported here), and only then is the next query sure of a new one.
    await until(() => ended.length === 1);
    expect(ended.map((error) => error.message)).toEqual(['Connection terminated unexpectedly']);
    expect(await one()).toEqual([{ one: 1 }]);
  });
});
