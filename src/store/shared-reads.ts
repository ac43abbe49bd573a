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
 * The reads of one turn see the store as it was at the turn's first read: what another
 * connection (the CLI, another instance) commits during the turn is seen from the next one,
 * as if the turn's reads had all come at its start. A SELECT run as a turn ends (the record
 * reads held for the turn's end, coalesced-reads.ts, are sent then) opens a shared read that
 * lasts through the next turn's I/O, whose reads then see the store as it was at the end of
 * the turn before. A turn is a few milliseconds under load, but one that runs long (a route's
 * long synchronous work, many such requests at once) must not stretch that: a SELECT that
 * finds the shared read older than `maxSnapshotAge` ends it and starts another, so no read
 * sees the store as it was more than that before it began, which the lookup caches allow for
 * (lookup-cache.ts). What is written through this connection is always seen by the reads
 * that follow it.
 */
export function withSharedReads(
  database: SqliteDatabase,
  connection: { readonly inTransaction: boolean },
  {
    schedule = setImmediate,
    now = () => performance.now(),
  }: {
    /** Runs `end` once the turn's I/O is handled. */
    schedule?: (end: () => void) => void;
    /** A monotonic clock, in milliseconds. */
    now?: () => number;
  } = {},
): SqliteDatabase {
  let open = false;
  let openedAt = 0;
  const statement = (sql: string) => database.prepare(sql);
  // Ends the shared read. A transaction that only read has nothing to commit: COMMIT only lets
  // go of its lock, and should it fail, ROLLBACK does the same; an I/O error inside it may
  // have rolled it back already (SQLite's own rule). Should neither end it, this throws and
  // it stays marked open: the statement that asked fails, rather than run inside it.
  const end = () => {
    if (!open) return;
    if (connection.inTransaction) {
      try {
        statement('commit').run([]);
      } catch {
        if (connection.inTransaction) statement('rollback').run([]);
      }
    }
    open = false;
  };
  const endOfTurn = () => {
    try {
      end();
    } catch {
      // Nothing here to report to: the next statement other than a SELECT tries again, and
      // fails with SQLite's error if it cannot.
    }
  };
  const share = () => {
    if (open && now() - openedAt > maxSnapshotAge) end();
    if (open || connection.inTransaction) return;
    statement('begin').run([]);
    open = true;
    openedAt = now();
    schedule(endOfTurn);
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
      try {
        end();
      } finally {
        database.close();
      }
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

/** The oldest a shared read may be when a SELECT joins it, in milliseconds. */
export const maxSnapshotAge = 100;

/**
 * Only a plain SELECT is shared: `INSERT ... RETURNING` is a reader too, and `WITH` may lead to
 * a write. Anything else ends the shared read and runs on its own, which costs only time.
 */
const selects = (sql: string) => /^select\s/i.test(sql);
