import SQLite from 'better-sqlite3';
import { sql, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/store/database.js';
import { maxSnapshotAge, withSharedReads } from '../../src/store/shared-reads.js';

/**
 * Two connections to one SQLite file in WAL mode, as a server and the CLI hold it: `ours`
 * through the shared reads, `other` as another process would.
 */
let dir: string;
let path: string;
let raw: SQLite.Database;
let other: SQLite.Database;
let pending: Array<() => void>;
/** The shared reads' clock, in milliseconds: moved by the tests. */
let time: number;
let ours: ReturnType<typeof withSharedReads>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-shared-reads-'));
  path = join(dir, 'store.db');
  raw = new SQLite(path);
  raw.pragma('journal_mode = WAL');
  raw.exec('create table notes (id integer primary key, body text not null)');
  // No wait for a lock: a checkpoint that cannot finish says so at once.
  other = new SQLite(path, { timeout: 0 });
  pending = [];
  time = 0;
  // The turn's end, run by the test when it says so.
  ours = withSharedReads(raw, raw, { schedule: (end) => pending.push(end), now: () => time });
});

afterEach(() => {
  ours.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = () => (ours.prepare('select count(*) as n from notes').all([])[0] as { n: number }).n;
const insertElsewhere = (body: string) =>
  other.prepare('insert into notes (body) values (?)').run(body);
const endTurn = () => pending.splice(0).forEach((end) => end());

describe('the reads of one turn of the event loop', () => {
  it('share one read transaction, which ends with the turn', () => {
    expect(count()).toBe(0);
    expect(raw.inTransaction).toBe(true);
    insertElsewhere('committed by another process during the turn');
    // Same snapshot: the turn's reads agree with each other.
    expect(count()).toBe(0);
    expect(pending).toHaveLength(1);
    endTurn();
    expect(raw.inTransaction).toBe(false);
    expect(count()).toBe(1);
  });

  it('start a fresh snapshot for a read that finds the shared one too old', () => {
    expect(count()).toBe(0);
    insertElsewhere('committed while a turn runs long');
    time += maxSnapshotAge;
    expect(count()).toBe(0);
    time += 1;
    expect(count()).toBe(1);
    expect(raw.inTransaction).toBe(true);
    insertElsewhere('after the fresh snapshot');
    expect(count()).toBe(1);
    endTurn();
    expect(raw.inTransaction).toBe(false);
    expect(count()).toBe(2);
  });

  it('end once the I/O of the turn is handled, by default', async () => {
    const server = withSharedReads(raw, raw);
    server.prepare('select 1 from notes').all([]);
    expect(raw.inTransaction).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(raw.inTransaction).toBe(false);
  });

  it('end before a write, which is committed at once and read back', () => {
    expect(count()).toBe(0);
    ours.prepare('insert into notes (body) values (?)').run(['ours']);
    expect(raw.inTransaction).toBe(false);
    // Committed: the other connection sees it in the same turn.
    expect(other.prepare('select body from notes').all()).toEqual([{ body: 'ours' }]);
    expect(count()).toBe(1);
  });

  it('end before INSERT ... RETURNING, a reader that writes', () => {
    count();
    const inserted = ours.prepare('insert into notes (body) values (?) returning id');
    expect(inserted.reader).toBe(true);
    expect(raw.inTransaction).toBe(false);
    expect(inserted.all(['returned'])).toEqual([{ id: 1 }]);
    expect(other.prepare('select count(*) as n from notes').get()).toEqual({ n: 1 });
  });

  it('run inside a transaction the caller opened, and open none of their own', () => {
    ours.prepare('begin').run([]);
    insertElsewhere('before our first read');
    expect(count()).toBe(1);
    ours.prepare('insert into notes (body) values (?)').run(['inside']);
    expect(count()).toBe(2);
    ours.prepare('commit').run([]);
    expect(pending).toHaveLength(0);
    expect(raw.inTransaction).toBe(false);
  });

  it('leave a statement stepped row by row to read on its own', () => {
    count();
    insertElsewhere('seen by the iteration');
    const rows = [...ours.prepare('select body from notes').iterate([])];
    expect(rows).toEqual([{ body: 'seen by the iteration' }]);
    expect(raw.inTransaction).toBe(false);
  });

  it('hold the WAL only for the turn: a checkpoint completes once it ends', () => {
    insertElsewhere('in the WAL');
    count();
    insertElsewhere('after our snapshot');
    expect(other.pragma('wal_checkpoint(truncate)')).toMatchObject([{ busy: 1 }]);
    endTurn();
    expect(other.pragma('wal_checkpoint(truncate)')).toEqual([
      { busy: 0, log: 0, checkpointed: 0 },
    ]);
  });

  it('are not committed twice when SQLite has already rolled them back', () => {
    count();
    raw.exec('rollback');
    expect(() => endTurn()).not.toThrow();
    expect(count()).toBe(0);
  });
});

/**
 * A connection whose COMMIT and ROLLBACK fail as many times as asked, and which records each
 * write with whether a transaction was open when it ran.
 */
function failingConnection({ commits = 0, rollbacks = 0 }) {
  const state = { inTransaction: false, commits, rollbacks };
  const writes: boolean[] = [];
  const statement = (sql: string): SqliteStatement => ({
    reader: sql.startsWith('select'),
    all: () => [],
    run() {
      if (sql === 'begin') state.inTransaction = true;
      else if (sql === 'commit' || sql === 'rollback') {
        const left = sql === 'commit' ? 'commits' : 'rollbacks';
        if (state[left] > 0) {
          state[left] -= 1;
          throw new Error(`${sql} failed`);
        }
        state.inTransaction = false;
      } else writes.push(state.inTransaction);
      return { changes: 1, lastInsertRowid: 1 };
    },
    iterate: () => [][Symbol.iterator](),
  });
  const database: SqliteDatabase = { close: () => undefined, prepare: statement };
  return { database, state, writes };
}

describe('a shared read that will not end', () => {
  it('is rolled back when its COMMIT fails, and the write after it runs on its own', () => {
    const { database, state, writes } = failingConnection({ commits: 1 });
    const turns: Array<() => void> = [];
    const shared = withSharedReads(database, state, { schedule: (end) => turns.push(end) });
    shared.prepare('select 1').all([]);
    expect(() => turns.forEach((end) => end())).not.toThrow();
    expect(state.inTransaction).toBe(false);
    shared.prepare('insert into notes').run([]);
    expect(writes).toEqual([false]);
  });

  it('fails the next write rather than run it inside, until it can be ended', () => {
    const { database, state, writes } = failingConnection({ commits: 2, rollbacks: 2 });
    const turns: Array<() => void> = [];
    const shared = withSharedReads(database, state, { schedule: (end) => turns.push(end) });
    shared.prepare('select 1').all([]);
    // The end of the turn reports nothing: there is no one to report to.
    expect(() => turns.forEach((end) => end())).not.toThrow();
    expect(state.inTransaction).toBe(true);
    expect(() => shared.prepare('insert into notes').run([])).toThrow('rollback failed');
    expect(writes).toEqual([]);
    shared.prepare('insert into notes').run([]);
    expect(writes).toEqual([false]);
  });
});

describe('the SQLite store (Kysely over the shared reads)', () => {
  it('reads, opens a transaction and writes in one turn, as a request does', async () => {
    const db = createDatabase(`sqlite:${path}`);
    try {
      const notes = () => sql<{ n: number }>`select count(*) as n from notes`.execute(db);
      expect((await notes()).rows).toEqual([{ n: 0 }]);
      // The turn's reads share a snapshot, through Kysely's driver too.
      insertElsewhere('committed elsewhere');
      expect((await notes()).rows).toEqual([{ n: 0 }]);
      await new Promise((resolve) => setImmediate(resolve));
      expect((await notes()).rows).toEqual([{ n: 1 }]);
      await db.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values (${'in a transaction'})`.execute(trx);
      });
      expect(other.prepare('select body from notes order by id').all()).toEqual([
        { body: 'committed elsewhere' },
        { body: 'in a transaction' },
      ]);
      expect((await notes()).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.destroy();
    }
  });
});
