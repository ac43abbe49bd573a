import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.js';
import { storeTargets } from '../helpers/targets.js';

const postgres = storeTargets.find((target) => target.name === 'postgres');

// store/prepared-statements.ts: each SQL text is prepared once per PostgreSQL connection.
describe.runIf(postgres !== undefined)('prepared statements on PostgreSQL', () => {
  let db: Db;
  let schema: string;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await (postgres as NonNullable<typeof postgres>).open();
    ({ db, url, drop } = opened);
    schema = opened.schema ?? 'public';
  });
  afterAll(() => drop());

  /** Runs `query` on a connection of its own, as another process would. */
  async function elsewhere(query: string): Promise<void> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(query);
    } finally {
      await admin.end();
    }
  }

  /** The statements this connection has prepared, by their text. */
  const preparedOn = async (connection: Db) =>
    (
      await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements order by name`.execute(connection)
    ).rows;

  const byId = (connection: Db, id: string) =>
    connection.selectFrom('orgs').select(['id']).where('id', '=', id).execute();

  it('prepares a query once on a connection, and runs it again with other values', async () => {
    await db.connection().execute(async (connection) => {
      const ofOrgs = async () =>
        (await preparedOn(connection)).filter((row) => row.statement.includes('from "orgs"'));
      expect(await byId(connection, 'org_one')).toEqual([]);
      const once = await ofOrgs();
      expect(once).toHaveLength(1);
      expect(once[0]?.name).toMatch(/^gatehouse_\d+_0$/);
      await expect(byId(connection, 'org_two')).resolves.toEqual([]);
      expect(await ofOrgs()).toEqual(once);
    });
  });

  it('prepares again when another process changed the columns it reads', async () => {
    await elsewhere(
      `create table ${schema}.widgets (a integer); insert into ${schema}.widgets values (1)`,
    );
    const all = (connection: Db) => sql`select * from widgets where a = ${1}`.execute(connection);
    await db.connection().execute(async (connection) => {
      expect((await all(connection)).rows).toEqual([{ a: 1 }]);
      await elsewhere(`alter table ${schema}.widgets add column b integer default 2`);
      // Refused (0A000), prepared anew and run once more: the caller sees only the answer.
      expect((await all(connection)).rows).toEqual([{ a: 1, b: 2 }]);
    });
  });

  it('prepares again when the server no longer holds the statement', async () => {
    await db.connection().execute(async (connection) => {
      const ofOrgs = async () =>
        (await preparedOn(connection))
          .filter((row) => row.statement.includes('from "orgs"'))
          .map((row) => row.name);
      expect(await byId(connection, 'org_one')).toEqual([]);
      // Its earlier names too, if this connection prepared anew in an earlier test.
      const before = await ofOrgs();
      await sql`deallocate all`.execute(connection);
      // Refused (26000), prepared anew under a new name and run once more.
      await expect(byId(connection, 'org_two')).resolves.toEqual([]);
      const generation = (name: string) => Number(name.split('_').at(-1));
      const after = await ofOrgs();
      expect(after).toHaveLength(1);
      expect(generation(after[0] ?? '')).toBeGreaterThan(Math.max(...before.map(generation)));
    });
  });

  // A refusal inside a transaction would end the whole transaction: none can happen there.
  it('runs the statements of a transaction unnamed', async () => {
    await elsewhere(
      `create table ${schema}.gadgets (a integer); insert into ${schema}.gadgets values (1)`,
    );
    const all = (connection: Db) => sql`select * from gadgets where a > ${0}`.execute(connection);
    const text = 'select * from gadgets where a > $1';
    await db.transaction().execute(async (trx) => {
      expect((await all(trx)).rows).toEqual([{ a: 1 }]);
      expect((await preparedOn(trx)).map((row) => row.statement)).not.toContain(text);
    });
    // Outside a transaction, on whichever connection, the same text is prepared.
    await db.connection().execute(async (connection) => {
      expect((await all(connection)).rows).toEqual([{ a: 1 }]);
      expect((await preparedOn(connection)).map((row) => row.statement)).toContain(text);
    });
  });
});
