import type { Clock } from '../lib/clock.js';
import { coalescedReads } from '../store/coalesced-reads.js';
import { compiledOnce } from '../store/compiled-once.js';
import type { Db } from '../store/database.js';

/**
 * The resources the contract surfaces serve (jobs, procurements, parts, flows, customers,
 * ...): JSON objects of one org, by kind, in sandbox mode and production alike; the sandbox
 * only seeds some. Every lookup is filtered by org, so another org's record is simply not
 * there. (The table keeps the name `demo_records` it shipped with.)
 */
export type RecordKind =
  'job' | 'procurement' | 'part' | 'flow' | 'blueprint' | 'natural_person' | 'customer';

export type RecordData = Record<string, unknown>;

/** One record: a JSON object that belongs to one org. */
export interface OrgRecord {
  id: string;
  orgId: string;
  data: RecordData;
  createdAt: number;
  updatedAt: number;
}

export interface RecordService {
  list(orgId: string, kind: RecordKind): Promise<OrgRecord[]>;
  get(orgId: string, kind: RecordKind, id: string): Promise<OrgRecord | undefined>;
  create(orgId: string, kind: RecordKind, id: string, data: RecordData): Promise<OrgRecord>;
  /** Creates all of `items` in one statement: all of them or, on failure, none. */
  createMany(
    orgId: string,
    kind: RecordKind,
    items: ReadonlyArray<{ id: string; data: RecordData }>,
  ): Promise<OrgRecord[]>;
  /** Merges `changes` into the record; undefined when the org has no such record. */
  update(
    orgId: string,
    kind: RecordKind,
    id: string,
    changes: RecordData,
  ): Promise<OrgRecord | undefined>;
}

export function createRecordService({ db, clock }: { db: Db; clock: Clock }): RecordService {
  // The two reads of every surface call, compiled once (store/compiled-once.ts). They read only
  // the columns a record needs but does not know already (its org and kind are asked for):
  // each column of each row is a value the driver makes, a third of a list's time on SQLite.
  const columns = ['id', 'data', 'created_at', 'updated_at'] as const;
  const selectOne = compiledOnce(
    (orgId: string, kind: string, id: string) =>
      db
        .selectFrom('demo_records')
        .select(columns)
        .where('kind', '=', kind)
        .where('id', '=', id)
        .where('org_id', '=', orgId),
    3,
  );
  const selectAll = compiledOnce(
    (orgId: string, kind: string) =>
      db
        .selectFrom('demo_records')
        .select(columns)
        .where('org_id', '=', orgId)
        .where('kind', '=', kind)
        .orderBy('created_at')
        .orderBy('id'),
    2,
  );
  // Outside a transaction, the identical reads of one turn are sent once (coalesced-reads.ts):
  // the calls of one integration under load read the same records of the same org.
  const read = coalescedReads((query) => db.executeQuery(query));
  const get = async (orgId: string, kind: RecordKind, id: string) => {
    const [row] = (await read(selectOne(orgId, kind, id))).rows;
    return row && toRecord(orgId, row);
  };
  const createMany: RecordService['createMany'] = async (orgId, kind, items) => {
    const now = clock.now();
    const rows = items.map(({ id, data }) => ({
      kind,
      id,
      org_id: orgId,
      data: JSON.stringify(data),
      created_at: now,
      updated_at: now,
    }));
    if (rows.length > 0) await db.insertInto('demo_records').values(rows).execute();
    return rows.map((row) => toRecord(orgId, row));
  };
  return {
    async list(orgId, kind) {
      const { rows } = await read(selectAll(orgId, kind));
      return rows.map((row) => toRecord(orgId, row));
    },
    get,
    async create(orgId, kind, id, data) {
      const [record] = await createMany(orgId, kind, [{ id, data }]);
      if (record === undefined) throw new Error('no record was created');
      return record;
    },
    createMany,
    async update(orgId, kind, id, changes) {
      // Read-modify-write in one transaction; the surfaces' updates (a status) are idempotent.
      return db.transaction().execute(async (trx) => {
        const [row] = (await trx.executeQuery(selectOne(orgId, kind, id))).rows;
        if (row === undefined) return undefined;
        const data = JSON.stringify({ ...parse(row.data), ...changes });
        const updatedAt = clock.now();
        await trx
          .updateTable('demo_records')
          .set({ data, updated_at: updatedAt })
          .where('kind', '=', kind)
          .where('id', '=', id)
          .execute();
        return toRecord(orgId, { ...row, data, updated_at: updatedAt });
      });
    },
  };
}

function parse(data: string): RecordData {
  const value: unknown = JSON.parse(data);
  return typeof value === 'object' && value !== null ? (value as RecordData) : {};
}

function toRecord(
  orgId: string,
  row: { id: string; data: string; created_at: number; updated_at: number },
): OrgRecord {
  return {
    id: row.id,
    orgId,
    data: parse(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
