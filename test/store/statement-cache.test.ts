import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { describe, expect, it } from 'vitest';
import { statementCacheSize, withStatementCache } from '../../src/store/statement-cache.js';

/** An SQLite connection that records what it was asked to prepare and whether it closed. */
function recordingDatabase() {
  const prepared: string[] = [];
  let closed = false;
  const database: SqliteDatabase = {
    close: () => {
      closed = true;
    },
    prepare: (sql) => {
      prepared.push(sql);
      const statement: SqliteStatement = {
        reader: true,
        all: () => [{ sql }],
        run: () => ({ changes: 0, lastInsertRowid: 0 }),
        iterate: () => [][Symbol.iterator](),
      };
      return statement;
    },
  };
  return { database, prepared, closed: () => closed };
}

describe('the SQLite statement cache', () => {
  it('prepares each SQL text once, and hands back the same statement', () => {
    const { database, prepared } = recordingDatabase();
    const cached = withStatementCache(database);
    const first = cached.prepare('select 1 where ? = ?');
    expect(cached.prepare('select 1 where ? = ?')).toBe(first);
    expect(cached.prepare('select 2')).not.toBe(first);
    expect(cached.prepare('select 2').all([])).toEqual([{ sql: 'select 2' }]);
    expect(prepared).toEqual(['select 1 where ? = ?', 'select 2']);
  });

  it('keeps at most its size, dropping the oldest text first', () => {
    const { database, prepared } = recordingDatabase();
    const cached = withStatementCache(database, 2);
    for (const sql of ['a', 'b', 'a', 'c', 'a', 'b']) cached.prepare(sql);
    // 'c' pushed out 'a' (the oldest), whose next use prepared it again, pushing out 'b'.
    expect(prepared).toEqual(['a', 'b', 'c', 'a', 'b']);
    expect(statementCacheSize).toBe(500);
  });

  it('closes the connection, and prepares afresh after', () => {
    const { database, prepared, closed } = recordingDatabase();
    const cached = withStatementCache(database);
    cached.prepare('select 1');
    cached.close();
    expect(closed()).toBe(true);
    cached.prepare('select 1');
    expect(prepared).toEqual(['select 1', 'select 1']);
  });
});
