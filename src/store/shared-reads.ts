import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * An SQLite connection whose reads share one read transaction per turn of the event loop.
 *
 * Outside a transaction, every SELECT is a read transaction of its own: SQLite takes a read
 * lock in the WAL index (a system call to lock and another to unlock) and checks the
 * database's size, which on a keyed call cost about as much as the query itself. Here the
 * first SELECT of a turn opens a deferred transaction (`BEGIN`), the SELECTs of every
 * request answered in that turn run inside it, and it ends (`COMMIT`) once the turn's I/O has
 * been handled (`setImmediate`). Nothing is written inside it:
 *
 * - any other statement (an INSERT, an UPDATE, Kysely's own `begin`, a pragma) ends the shared
 *   read first, so a write is committed at once and later reads of the turn see it;
 * - a SELECT inside a transaction Kysely opened runs there, as before.
 *
 * The reads of one turn see the store as it was at the turn's first read: another process
 * (the CLI) that commits during the turn is seen from the next one, as if the reads had come
 * a millisecond earlier. Writes from this process are always seen by the reads that follow.
 */
export function withSharedReads(
  database: SqliteDatabase,
  connection: { readonly inTransaction: boolean },
  schedule: (end: () => void) => void = setImmediate,
): SqliteDatabase {
  let open = false;
  const statement = (sql: string) => database.prepare(sql);
  const end = () => {
    if (!open) return;
    open = false;
    // An I/O error inside it may have rolled it back already (SQLite's own rule).
    if (!connection.inTransaction) return;
    // A transaction that only read has nothing to commit: COMMIT only lets go of its lock,
    // and should it fail, ROLLBACK does the same.
    try {
      statement('commit').run([]);
    } catch {
      statement('rollback').run([]);
    }
  };
  const share = () => {
    if (open || connection.inTransaction) return;
    statement('begin').run([]);
    open = true;
    schedule(end);
  };
  const shared = new WeakMap<SqliteStatement, SqliteStatement>();
  const sharing = (inner: SqliteStatement): SqliteStatement => ({
    reader: inner.reader,
    all(parameters) {
      share();
      return inner.all(parameters);
    },
    run(parameters) {
      end();
      return inner.run(parameters);
    },
    // A statement stepped row by row may outlive the turn, and COMMIT cannot end a
    // transaction while one is in progress: it reads on its own.
    iterate(parameters) {
      end();
      return inner.iterate(parameters);
    },
  });
  return {
    close() {
      end();
      database.close();
    },
    prepare(sql) {
      const inner = database.prepare(sql);
      if (!inner.reader || !selects(sql)) {
        end();
        return inner;
      }
      let wrapped = shared.get(inner);
      if (wrapped === undefined) {
        wrapped = sharing(inner);
        shared.set(inner, wrapped);
      }
      return wrapped;
    },
  };
}

/** Only a plain SELECT reads without side effects; `INSERT ... RETURNING` is a reader too. */
const selects = (sql: string) => /^select\s/i.test(sql);
