import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/store/compiled-once.js';
import type { Db } from '../../src/store/database.js';
import { storeTargets } from '../helpers/targets.js';

describe.each(storeTargets)('a query compiled once ($name)', (target) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await target.open());
    await db
      .insertInto('orgs')
      .values(
        ['org_a', 'org_b'].map((id) => ({ id, name: id, kind: null, scopes: '', created_at: 0 })),
      )
      .execute();
    await db
      .insertInto('demo_records')
      .values(
        [
          ['org_a', 'job', 'j2', 20],
          ['org_a', 'job', 'j1', 10],
          ['org_a', 'flow', 'f1', 10],
          ['org_b', 'job', 'j3', 10],
        ].map(([org_id, kind, id, at]) => ({
          org_id: String(org_id),
          kind: String(kind),
          id: String(id),
          data: JSON.stringify({ id }),
          created_at: Number(at),
          updated_at: Number(at),
        })),
      )
      .execute();
  });
  afterAll(() => drop());

  // A value used twice, constants of the query itself (a limit, a literal) between them.
  const build = (orgId: string, kind: string) =>
    db
      .selectFrom('demo_records')
      .select(['id', 'created_at'])
      .where('org_id', '=', orgId)
      .where('kind', 'in', [kind, 'no such kind'])
      .where(sql<boolean>`${orgId} = org_id`)
      .orderBy('created_at')
      .limit(5);

  it('binds each call’s values where Kysely would, with the same SQL', async () => {
    const query = compiledOnce(build, 2);
    for (const [orgId, kind] of [
      ['org_a', 'job'],
      ['org_b', 'job'],
      ['org_a', 'flow'],
      ["x' or 1=1 --", 'job'],
    ] as const) {
      const { sql: text, parameters } = build(orgId, kind).compile();
      expect(query(orgId, kind)).toMatchObject({ sql: text, parameters });
    }
    const rows = async (orgId: string, kind: string) =>
      (await db.executeQuery(query(orgId, kind))).rows;
    expect(await rows('org_a', 'job')).toEqual([
      { id: 'j1', created_at: 10 },
      { id: 'j2', created_at: 20 },
    ]);
    expect(await rows('org_b', 'job')).toEqual([{ id: 'j3', created_at: 10 }]);
    expect(await rows("x' or 1=1 --", 'job')).toEqual([]);
  });

  it('refuses a query that writes a value into its text, or leaves one out', () => {
    expect(() =>
      compiledOnce(
        (orgId: string) =>
          db.selectFrom('demo_records').select('id').where(sql.lit(orgId), '=', 'org_a'),
        1,
      ),
    ).toThrow(/^each value must be bound exactly as a parameter: select/);
    expect(() =>
      compiledOnce(
        (orgId: string, _kind: string) =>
          db.selectFrom('demo_records').select('id').where('org_id', '=', orgId),
        2,
      ),
    ).toThrow(/^each value must be bound exactly as a parameter: select/);
  });
});
