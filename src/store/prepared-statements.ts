import type pg from 'pg';
import { statementCacheSize } from './statement-cache.js';

/**
 * A PostgreSQL pool whose connections prepare each query once: the first time a connection
 * runs a query outside a transaction, it is sent as a named prepared statement (PostgreSQL's
 * extended query protocol, "Parse"); every later run on that connection only binds its values
 * and executes it. Kysely sends every query unnamed, which PostgreSQL parses and plans afresh
 * each time: on a keyed call that reads the store, most of the database's work. Gatehouse's
 * queries are built from a fixed set of shapes with their values bound as parameters, so the
 * texts repeat; the first `size` distinct texts of the pool get a name, any beyond it run
 * unnamed, as does everything that is not a select, insert, update, delete or with.
 *
 * A prepared `SELECT *` keeps the columns it had when it was prepared. When another process
 * changes them (a newer Gatehouse migrating the store while this one runs), PostgreSQL refuses
 * to run it (0A000, "cached plan must not change result type"); a statement the server no
 * longer holds (26000) is refused too. The connection then prepares its statements again,
 * under new names, and the query, which did not run, is run once more. Inside a transaction
 * statements run unnamed, as they always did: such a refusal would end the whole transaction,
 * and the work of a transaction is its commit, not the parsing of its statements.
 *
 * Behind PgBouncer in transaction mode, named statements need its `max_prepared_statements`
 * (PgBouncer 1.21 and later).
 */
export function prepareStatements(pool: pg.Pool, size: number = statementCacheSize): void {
  const indexes = new Map<string, number>();
  const indexOf = (text: string): number | undefined => {
    let index = indexes.get(text);
    if (index === undefined && indexes.size < size && preparable.test(text)) {
      index = indexes.size;
      indexes.set(text, index);
    }
    return index;
  };
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    const run = original as (
      query: string | pg.QueryConfig,
      values?: unknown[],
    ) => Promise<pg.QueryResult>;
    // Bumped when this connection's statements must be prepared again, under new names.
    let generation = 0;
    let inTransaction = false;
    const prepared = async (text: string, values: unknown[], index: number) => {
      try {
        return await run({ name: `gatehouse_${index}_${generation}`, text, values });
      } catch (error) {
        const refusal = refused(error);
        if (refusal === undefined) throw error;
        generation += 1;
        if (refusal === 'changed') throw error;
        return run({ name: `gatehouse_${index}_${generation}`, text, values });
      }
    };
    const unprepared = async (text: string, values: unknown[]) => {
      // A commit or rollback ends the transaction even when it fails, as PostgreSQL does.
      const ends = ending.test(text);
      try {
        const answer = await run(text, values);
        if (beginning.test(text)) inTransaction = true;
        return answer;
      } finally {
        if (ends) inTransaction = false;
      }
    };
    // Kysely runs `query(text, values)`; anything else (a callback, a config) passes as is.
    client.query = ((query: unknown, values: unknown, ...rest: unknown[]) => {
      if (typeof query !== 'string' || !Array.isArray(values) || rest.length > 0) {
        return original(query, values, ...rest);
      }
      const index = inTransaction ? undefined : indexOf(query);
      return index === undefined ? unprepared(query, values) : prepared(query, values, index);
    }) as typeof client.query;
  });
}

/** The statements PostgreSQL can prepare: those Gatehouse's queries are made of. */
const preparable = /^\s*(select|insert|update|delete|with)\b/i;

/** What opens a transaction, and what ends one (Kysely's texts, and their other spellings). */
const beginning = /^\s*(begin|start\s+transaction)\b/i;
const ending = /^\s*(commit|end|abort|rollback)\s*;?\s*$/i;

/**
 * Why PostgreSQL refused to run a named statement that may be run again once prepared anew:
 * it no longer holds it (`gone`, 26000), or the columns or types it was prepared with changed
 * (`stale`: 0A000 from the plan's revalidation, by its routine, which is not translated as
 * the message is). Another error of the statement's own text (class 42, such as a column's
 * type that changed under a parameter) is `changed`: prepared anew next time, not retried.
 */
function refused(error: unknown): 'gone' | 'stale' | 'changed' | undefined {
  const { code, routine } = (error ?? {}) as { code?: unknown; routine?: unknown };
  if (code === '26000') return 'gone';
  if (code === '0A000' && routine === 'RevalidateCachedQuery') return 'stale';
  if (typeof code === 'string' && code.startsWith('42')) return 'changed';
  return undefined;
}
