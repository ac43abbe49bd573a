import { CompiledQuery, type QueryResult } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { createRecordService, type RecordService } from '../../src/records/service.js';
import { coalescedReads, type ReadExecutor } from '../../src/store/coalesced-reads.js';
import { statementLog } from '../helpers/statement-log.js';
import { useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

describe('reads asked in one turn of the event loop', () => {
  let sent: CompiledQuery[];
  let answers: Array<{ query: CompiledQuery; settle(result: QueryResult<unknown> | Error): void }>;
  let pending: Array<() => void>;
  let read: ReadExecutor;

  beforeEach(() => {
    sent = [];
    answers = [];
    pending = [];
    const execute = (query: CompiledQuery) => {
      sent.push(query);
      return new Promise<QueryResult<unknown>>((resolve, reject) => {
        answers.push({
          query,
          settle: (result) => (result instanceof Error ? reject(result) : resolve(result)),
        });
      });
    };
    read = coalescedReads(execute as ReadExecutor, { schedule: (send) => pending.push(send) });
  });

  const endTurn = () => pending.splice(0).forEach((send) => send());
  const query = (sql: string, ...parameters: unknown[]) => CompiledQuery.raw(sql, parameters);
  const rows = (...values: string[]) => ({ rows: values.map((value) => ({ value })) });

  it('are sent at its end, each distinct read once, and share its answer', async () => {
    const first = read(query('select value from notes where org = $1', 'org_a'));
    const second = read(query('select value from notes where org = $1', 'org_a'));
    const third = read(query('select value from notes where org = $1', 'org_a'));
    expect(sent).toEqual([]);
    endTurn();
    expect(sent.map((sentQuery) => [sentQuery.sql, sentQuery.parameters])).toEqual([
      ['select value from notes where org = $1', ['org_a']],
    ]);
    const answer = rows('a1', 'a2');
    answers[0]?.settle(answer);
    expect(await first).toBe(answer);
    expect(await second).toBe(answer);
    expect(await third).toBe(answer);
  });

  it('with other values or other SQL are sent apart, each with its own answer', async () => {
    const a = read(query('select value from notes where org = $1', 'org_a'));
    const b = read(query('select value from notes where org = $1', 'org_b'));
    const c = read(query('select value from notes where org = $1 and kind = $2', 'org_a', 'x'));
    const d = read(query('select value from notes where org = $1', 'org_a'));
    endTurn();
    expect(sent.map((sentQuery) => sentQuery.parameters)).toEqual([
      ['org_a'],
      ['org_b'],
      ['org_a', 'x'],
    ]);
    answers[0]?.settle(rows('a'));
    answers[1]?.settle(rows('b'));
    answers[2]?.settle(rows('ax'));
    expect(await a).toEqual(rows('a'));
    expect(await b).toEqual(rows('b'));
    expect(await c).toEqual(rows('ax'));
    expect(await d).toEqual(rows('a'));
  });

  it('never join a read already sent: one asked after the turn ended is sent anew', async () => {
    const before = read(query('select value from notes where org = $1', 'org_a'));
    endTurn();
    // Asked while the first is on its way: it may have been answered from the store as it
    // was before a write this caller already knows of.
    const after = read(query('select value from notes where org = $1', 'org_a'));
    expect(sent).toHaveLength(1);
    endTurn();
    expect(sent).toHaveLength(2);
    answers[0]?.settle(rows('old'));
    answers[1]?.settle(rows('old', 'new'));
    expect(await before).toEqual(rows('old'));
    expect(await after).toEqual(rows('old', 'new'));
  });

  it('fail together when their read fails, and the next turn reads again', async () => {
    const first = read(query('select value from notes where org = $1', 'org_a'));
    const second = read(query('select value from notes where org = $1', 'org_a'));
    endTurn();
    answers[0]?.settle(new Error('connection terminated'));
    await expect(first).rejects.toThrow('connection terminated');
    await expect(second).rejects.toThrow('connection terminated');
    const again = read(query('select value from notes where org = $1', 'org_a'));
    endTurn();
    expect(sent).toHaveLength(2);
    answers[1]?.settle(rows('a'));
    expect(await again).toEqual(rows('a'));
  });

  it('asked once a read has been answered, in the same turn, wait for the next send', async () => {
    const first = read(query('select value from notes where org = $1', 'org_a'));
    endTurn();
    answers[0]?.settle(rows('a'));
    // Asked by a caller that goes on from the first answer: a read of a turn not yet ended.
    const next = first.then(() => read(query('select value from notes where org = $1', 'org_a')));
    await first;
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect(pending).toHaveLength(1);
    endTurn();
    expect(sent).toHaveLength(2);
    answers[1]?.settle(rows('a', 'b'));
    expect(await next).toEqual(rows('a', 'b'));
  });

  it('that throw rather than fail fail alone: the other reads of the turn are sent', async () => {
    const throwing = coalescedReads(
      ((asked: CompiledQuery) => {
        if (asked.parameters[0] === 'org_broken') throw new Error('cannot compile');
        return Promise.resolve(rows(String(asked.parameters[0])));
      }) as ReadExecutor,
      { schedule: (send) => pending.push(send) },
    );
    const broken = throwing(query('select value from notes where org = $1', 'org_broken'));
    const fine = throwing(query('select value from notes where org = $1', 'org_a'));
    endTurn();
    await expect(broken).rejects.toThrow('cannot compile');
    expect(await fine).toEqual(rows('org_a'));
  });

  it('are sent on their own when a value is one JSON would blur with another', async () => {
    const when = new Date(0);
    const sql = 'select value from notes where at = $1';
    const reads = [
      read(query(sql, when)),
      read(query(sql, when.toJSON())),
      read(query(sql, Buffer.from('a'))),
      read(query(sql, Buffer.from('a'))),
      read(query(sql, Number.NaN)),
      read(query(sql, -0)),
      read(query(sql, 0)),
      read(query(sql, null)),
      read(query(sql, null)),
    ];
    endTurn();
    // The Date, each Buffer, NaN and -0 alone; the two nulls once.
    expect(sent.map((sentQuery) => sentQuery.parameters)).toEqual([
      [when.toJSON()],
      [0],
      [null],
      [when],
      [Buffer.from('a')],
      [Buffer.from('a')],
      [Number.NaN],
      [-0],
    ]);
    answers.forEach(({ settle }, index) => settle(rows(String(index))));
    expect(await Promise.all(reads)).toEqual(
      [3, 0, 4, 5, 6, 7, 1, 2, 2].map((index) => rows(String(index))),
    );
  });
});

describe.each(storeTargets)("an org's records read by many calls at once ($name)", (target) => {
  const log = statementLog();
  let records: RecordService;
  const db = useStore(target, async (store) => {
    for (const orgId of ['org_coalesced_a', 'org_coalesced_b']) {
      await store
        .insertInto('orgs')
        .values({ id: orgId, name: orgId, kind: null, scopes: '', created_at: 0 })
        .execute();
    }
    records = createRecordService({ db: log.connect(store), clock: systemClock });
    await records.create('org_coalesced_a', 'customer', 'cus_a', { name: 'A' });
    await records.create('org_coalesced_b', 'customer', 'cus_b', { name: 'B' });
  });

  it('are read once per turn, and each call gets records of its own org, its own copy', async () => {
    const { result, statements } = await log.during(() =>
      Promise.all([
        records.list('org_coalesced_a', 'customer'),
        records.list('org_coalesced_b', 'customer'),
        records.list('org_coalesced_a', 'customer'),
        records.get('org_coalesced_b', 'customer', 'cus_b'),
        records.get('org_coalesced_b', 'customer', 'cus_b'),
        records.get('org_coalesced_a', 'customer', 'cus_b'),
      ]),
    );
    expect(statements).toHaveLength(4);
    const [listA, listB, listAgain, getB, getAgain, getOther] = result;
    expect(listA?.map((record) => [record.orgId, record.id, record.data])).toEqual([
      ['org_coalesced_a', 'cus_a', { name: 'A' }],
    ]);
    expect(listB?.map((record) => [record.orgId, record.id, record.data])).toEqual([
      ['org_coalesced_b', 'cus_b', { name: 'B' }],
    ]);
    expect(listAgain).toEqual(listA);
    expect(getB?.data).toEqual({ name: 'B' });
    expect(getAgain).toEqual(getB);
    // Another org's record is simply not there, even read in the same turn as its own org's.
    expect(getOther).toBeUndefined();
    // A caller that changes what it got changes nothing another caller holds.
    expect(listAgain?.[0]).not.toBe(listA?.[0]);
    expect(getAgain?.data).not.toBe(getB?.data);
  });

  it('are read afresh in each turn: nothing read before a change is answered after it', async () => {
    const listIds = async () =>
      (await records.list('org_coalesced_a', 'customer')).map((record) => record.id);
    const getA2 = () => records.get('org_coalesced_a', 'customer', 'cus_a2');
    expect(await listIds()).toEqual(['cus_a']);
    expect(await getA2()).toBeUndefined();
    await db()
      .insertInto('demo_records')
      .values({
        kind: 'customer',
        id: 'cus_a2',
        org_id: 'org_coalesced_a',
        data: '{"name":"A2"}',
        // After cus_a, created as the suite began: the list is in order of creation.
        created_at: 4_000_000_000,
        updated_at: 4_000_000_000,
      })
      .execute();
    expect(await listIds()).toEqual(['cus_a', 'cus_a2']);
    expect((await getA2())?.data).toEqual({ name: 'A2' });
    await db().deleteFrom('demo_records').where('id', '=', 'cus_a2').execute();
    expect(await listIds()).toEqual(['cus_a']);
    expect(await getA2()).toBeUndefined();
  });
});
