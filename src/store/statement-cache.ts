import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct SQL texts a connection keeps prepared; the oldest is dropped past it. */
export const statementCacheSize = 500;

/**
 * An SQLite connection that prepares each SQL text once. Kysely's SQLite driver calls
 * `prepare` for every query it runs, and better-sqlite3 compiles the statement afresh each
 * time: on a keyed call that was most of the time spent in SQLite. Gatehouse's queries are
 * built from a fixed set of shapes with their values bound as parameters, so the texts repeat
 * and a small cache holds them all; a statement is reused only after the previous use has
 * returned (better-sqlite3 is synchronous, and nothing here streams rows with `iterate`).
 * SQLite re-prepares a cached statement by itself when a migration changes the schema.
 */
export function withStatementCache(
  database: SqliteDatabase,
  size: number = statementCacheSize,
): SqliteDatabase {
  const prepared = new Map<string, SqliteStatement>();
  return {
    close: () => {
      prepared.clear();
      database.close();
    },
    prepare(sql) {
      const cached = prepared.get(sql);
      if (cached !== undefined) return cached;
      const statement = database.prepare(sql);
      if (prepared.size >= size) {
        const oldest = prepared.keys().next();
        if (oldest.done !== true) prepared.delete(oldest.value);
      }
      prepared.set(sql, statement);
      return statement;
    },
  };
}
