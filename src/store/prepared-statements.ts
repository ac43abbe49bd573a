import type pg from 'pg';
import { statementCacheSize } from './statement-cache.js';

/**
 * A PostgreSQL pool whose connections prepare each SQL text once: the first time a connection
 * runs a query, it is sent as a named prepared statement (PostgreSQL's extended query protocol,
 * "Parse"); every later run on that connection only binds its values to it and executes it.
 * Kysely sends every query unnamed, which PostgreSQL parses and plans afresh each time: on a
 * keyed call that reads the store, most of the server's work. Gatehouse's queries are built
 * from a fixed set of shapes with their values bound as parameters, so the texts repeat; the
 * first `size` distinct texts get a name, any beyond run unnamed as before.
 *
 * A prepared `SELECT *` keeps the columns it had when it was prepared. When another process
 * changes them (a newer Gatehouse migrating the store while this one runs), PostgreSQL refuses
 * to run it ("cached plan must not change result type"); the connection then prepares its
 * statements again under new names, and the query is retried once, unless it ran inside a
 * transaction, which that refusal has already ended (the transaction fails, as any other).
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
      const name = `gatehouse_${index}_${generation}`;
      try {
        return await run({ name, text, values });
      } catch (error) {
        if (!resultChanged(error)) throw error;
        generation += 1;
        if (inTransaction) throw error;
        return run({ name: `gatehouse_${index}_${generation}`, text, values });
      }
    };
    // Kysely runs `query(text, values)`; anything else (a callback, a config) passes as is.
    client.query = ((query: unknown, values: unknown, ...rest: unknown[]) => {
      if (typeof query !== 'string' || !Array.isArray(values) || rest.length > 0) {
        return original(query, values, ...rest);
      }
      const index = indexOf(query);
      if (index !== undefined) return prepared(query, values, index);
      // Only a statement that is not prepared can begin or end a transaction.
      return run(query, values).then((answer) => {
        inTransaction = transactionAfter(query, inTransaction);
        return answer;
      });
    }) as typeof client.query;
  });
}

/** The statements PostgreSQL can prepare: those Gatehouse's queries are made of. */
const preparable = /^\s*(select|insert|update|delete|with)\b/i;

/** Whether a connection is in a transaction after `text` ran on it successfully. */
function transactionAfter(text: string, before: boolean): boolean {
  if (/^\s*(begin|start\s+transaction)\b/i.test(text)) return true;
  if (/^\s*(commit|end|abort|rollback)\s*;?\s*$/i.test(text)) return false;
  return before;
}

/** SQLSTATE 0A000 as PostgreSQL raises it for a prepared statement whose columns changed. */
function resultChanged(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === '0A000' &&
    typeof message === 'string' &&
    message.includes('cached plan must not change result type')
  );
}
