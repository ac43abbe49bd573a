import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.js';
import { storeTargets } from '../helpers/targets.js';

const postgres = storeTargets.find((target) => target.name === 'postgres');

// PostgreSQL may end any connection (a restart, a failover, an idle timeout, an operator):
// the query on it fails, the process goes on, and the next query gets a new connection.
describe.runIf(postgres !== undefined)('a PostgreSQL connection the server ends', () => {
  let db: Db;
  let schema: string;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await (postgres as NonNullable<typeof postgres>).open();
    ({ db, url, drop } = opened);
    schema = opened.schema ?? '';
  });
  afterAll(() => drop());

  /** Ends every connection of this store, as pg_terminate_backend does; how many it ended. */
  async function endConnections(): Promise<number> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ended: boolean }>(
        'select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1',
        [`gatehouse ${schema}`],
      );
      return rows.filter((row) => row.ended).length;
    } finally {
      await admin.end();
    }
  }

  const one = async () => (await sql<{ one: number }>`select 1 as one`.execute(db)).rows;

  it('is replaced when it ended while idle', async () => {
    expect(await one()).toEqual([{ one: 1 }]);
    expect(await endConnections()).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await one()).toEqual([{ one: 1 }]);
  });

  it('fails only the query it ran when it ended in use', async () => {
    // Settled at once, so that its failure is awaited below rather than left unhandled.
    const slow = sql`select pg_sleep(5)`.execute(db).then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await endConnections()).toBeGreaterThanOrEqual(1);
    expect(await slow).toBe('terminating connection due to administrator command');
    expect(await one()).toEqual([{ one: 1 }]);
  });
});
