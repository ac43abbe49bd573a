import { isCompilable, type KyselyPlugin } from 'kysely';
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
      const logged = db.withPlugin(plugin);
      // A query compiled ahead (store/compiled-once.ts) goes to `executeQuery` as SQL and
      // skips the plugins' transformQuery: it is noted here instead.
      const executeQuery: Db['executeQuery'] = (query, ...rest) => {
        if (!isCompilable(query)) current?.push(query.sql);
        return logged.executeQuery(query, ...rest);
      };
      return new Proxy(logged, {
        get(target, property) {
          if (property === 'executeQuery') return executeQuery;
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
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
