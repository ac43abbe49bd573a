import { sql } from 'kysely';
import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/database.js';

export interface ThrottlePolicy {
  /** Failures within `windowSeconds` that lock the key. */
  limit: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** Per-account: 5 failures in 15 minutes lock the account for 15 minutes. */
export const accountPolicy: ThrottlePolicy = { limit: 5, windowSeconds: 900, lockSeconds: 900 };
/** Per-address: 20 failures in 15 minutes lock the address for 15 minutes. */
export const addressPolicy: ThrottlePolicy = { limit: 20, windowSeconds: 900, lockSeconds: 900 };

/**
 * Counts failed sign-ins per key (an account or an address) in the store, so that every
 * instance sees the same count and a restart forgets nothing.
 */
export interface LoginThrottle {
  /** Seconds until `key` may try again; 0 when it is not locked. */
  lockedFor(key: string): Promise<number>;
  recordFailure(key: string, policy: ThrottlePolicy): Promise<void>;
  clear(key: string): Promise<void>;
}

export function createLoginThrottle({ db, clock }: { db: Db; clock: Clock }): LoginThrottle {
  return {
    async lockedFor(key) {
      const row = await db
        .selectFrom('throttles')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst();
      const until = row?.locked_until ?? 0;
      return Math.max(0, until - clock.now());
    },
    async recordFailure(key, policy) {
      const now = clock.now();
      const windowStart = now - policy.windowSeconds;
      // One upsert counts the failure, starting a new window when the old one has passed,
      // so that concurrent failures are all counted.
      const row = await db
        .insertInto('throttles')
        .values({ key, failures: 1, window_start: now, locked_until: null })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when throttles.window_start <= ${windowStart} then 1 else throttles.failures + 1 end`,
            window_start: sql<number>`case when throttles.window_start <= ${windowStart} then ${now} else throttles.window_start end`,
          }),
        )
        .returning('failures')
        .executeTakeFirstOrThrow();
      if (row.failures >= policy.limit) {
        await db
          .updateTable('throttles')
          .set({ locked_until: now + policy.lockSeconds, failures: 0, window_start: now })
          .where('key', '=', key)
          .execute();
      }
    },
    async clear(key) {
      await db.deleteFrom('throttles').where('key', '=', key).execute();
    },
  };
}
