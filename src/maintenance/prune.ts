import { sql } from 'kysely';
import type { Clock } from '../lib/clock.js';
import { sessionLimits } from '../sessions/service.js';
import type { Db } from '../store/database.js';
import { accountPolicy, addressPolicy } from '../users/login-throttle.js';

/** How often the server prunes (main.ts), in seconds. */
export const pruneInterval = 5 * 60;

/**
 * A row is deleted a minute after it stops mattering: the margin covers a request still
 * in flight that read it, and clocks of instances that differ by a few seconds.
 */
const settle = 60;
const longestWindow = Math.max(accountPolicy.windowSeconds, addressPolicy.windowSeconds);

/**
 * A table kept by a feature outside the core (a surface's own store), pruned with the
 * core's tables: the composition root hands the pruner every such task.
 */
export interface PruneTask {
  /** The task's key in the result. */
  key: string;
  /** What its rows are, as the command line words them (`idempotency keys`). */
  label: string;
  /** Deletes what can no longer matter at `before`; answers how many rows went. */
  prune(db: Db, before: number): Promise<number>;
}

/** Rows deleted by one run: per core table, and per task under its key. */
export interface PruneResult {
  throttles: number;
  refreshFamilies: number;
  revokedTokens: number;
  accessCodes: number;
  authorizationCodes: number;
  sessions: number;
  [task: string]: number;
}

export interface Pruner {
  run(): Promise<PruneResult>;
}

/**
 * Deletes what can no longer change an answer, so that the store holds only what is live:
 * sign-in throttles whose window and lock are over, refresh-token families whose every
 * token has expired (with their tokens), deny-list entries for tokens that have expired
 * anyway, access codes that have expired or been spent, authorization codes that have
 * expired unspent or whose issued tokens can no longer live, browser sessions that have
 * ended or expired; then each of `tasks`.
 */
export function createPruner({
  db,
  clock,
  tasks = [],
}: {
  db: Db;
  clock: Clock;
  tasks?: readonly PruneTask[];
}): Pruner {
  const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);

  return {
    async run() {
      const before = clock.now() - settle;
      const throttles = await db
        .deleteFrom('throttles')
        .where('window_start', '<=', before - longestWindow)
        .where((eb) => eb(eb.fn.coalesce('locked_until', eb.lit(0)), '<=', before))
        .executeTakeFirst();
      // A family's tokens go with it (ON DELETE CASCADE), once none of them is live. A family
      // is committed with its first token, so none is ever seen without one.
      const refreshFamilies = await db
        .deleteFrom('refresh_families')
        .where('created_at', '<=', before)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('refresh_tokens')
                .select(sql.lit(1).as('live'))
                .whereRef('refresh_tokens.family_id', '=', 'refresh_families.id')
                .where('refresh_tokens.expires_at', '>', before),
            ),
          ),
        )
        .executeTakeFirst();
      const revokedTokens = await db
        .deleteFrom('revoked_tokens')
        .where('expires_at', '<=', before)
        .executeTakeFirst();
      const accessCodes = await db
        .deleteFrom('access_codes')
        .where((eb) => eb.or([eb('expires_at', '<=', before), eb('used_at', '<=', before)]))
        .executeTakeFirst();
      // A spent authorization code stays while what it issued may live, so that a replay can
      // still revoke it (RFC 6749 §4.1.2): its access token expired and its refresh family
      // gone (pruned above once its every token expired).
      const authorizationCodes = await db
        .deleteFrom('authorization_codes')
        .where((eb) =>
          eb.or([
            eb.and([eb('used_at', 'is', null), eb('expires_at', '<=', before)]),
            eb.and([
              eb('used_at', '<=', before),
              eb(eb.fn.coalesce('access_expires_at', eb.lit(0)), '<=', before),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('refresh_families')
                    .select(sql.lit(1).as('live'))
                    .whereRef('refresh_families.id', '=', 'authorization_codes.refresh_family_id'),
                ),
              ),
            ]),
          ]),
        )
        .executeTakeFirst();
      const sessions = await db
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([
            eb('ended_at', '<=', before),
            eb('last_seen_at', '<=', before - sessionLimits.idleSeconds),
            eb('auth_time', '<=', before - sessionLimits.absoluteSeconds),
          ]),
        )
        .executeTakeFirst();
      const result: PruneResult = {
        throttles: deleted(throttles),
        refreshFamilies: deleted(refreshFamilies),
        revokedTokens: deleted(revokedTokens),
        accessCodes: deleted(accessCodes),
        authorizationCodes: deleted(authorizationCodes),
        sessions: deleted(sessions),
      };
      for (const task of tasks) result[task.key] = await task.prune(db, before);
      return result;
    },
  };
}
