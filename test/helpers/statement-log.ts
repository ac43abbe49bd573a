import type { KyselyPlugin } from 'kysely';
import type { Db } from '../../src/store/database.js';

/**
 * The SQL statements a store is asked to run, for tests that count round trips: `connect`
 * gives a way to the store that notes each statement, `during` collects those `run` caused.
 */
export interface StatementLog {
  connect(db: Db): Db;
  during<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

export function statementLog(): StatementLog {
  let current: string[] | undefined;
  return {
    connect(db) {
      const plugin: KyselyPlugin = {
        // Every statement passes here once before it is compiled and sent (raw `sql` too).
        transformQuery({ node, queryId }) {
          current?.push(db.getExecutor().compileQuery(node, queryId).sql);
          return node;
        },
        transformResult: async ({ result }) => result,
      };
      return db.withPlugin(plugin);
    },
    async during(run) {
      const statements: string[] = [];
      current = statements;
      try {
        return { result: await run(), statements };
      } finally {
        current = undefined;
      }
    },
  };
}
