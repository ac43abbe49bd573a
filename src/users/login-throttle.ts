import { sql } from 'kysely';
import type { Clock } from '../lib/clock.js';
import { networkOf } from '../lib/ip-address.js';
import type { Db } from '../store/database.js';

export interface ThrottlePolicy {
  /** Attempts within `windowSeconds` that may be checked before the key locks. */
  limit: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** Per-account: 5 failures in 15 minutes lock the account for 15 minutes. */
export const accountPolicy: ThrottlePolicy = { limit: 5, windowSeconds: 900, lockSeconds: 900 };
/** Per-address: 20 failures in 15 minutes lock the address for 15 minutes. */
export const addressPolicy: ThrottlePolicy = { limit: 20, windowSeconds: 900, lockSeconds: 900 };

/** The throttle key of an account: its normalised email (users/email.ts). */
export const accountKey = (normalizedEmail: string) => `account:${normalizedEmail}`;
/** The throttle key of a client address: an IPv6 client counts per /64 (lib/ip-address.ts). */
export const addressKey = (address: string) => `address:${networkOf(address)}`;

/**
 * Counts sign-in attempts per key (an account or an address) in the store, so that every
 * instance sees the same count and a restart forgets nothing.
 *
 * An attempt is counted before its password is checked, by one conditional statement: of
 * any number of attempts that arrive at once, at most `limit` are admitted in a window.
 * An attempt that fails keeps its place in the count; one that succeeds gives it back.
 */
export interface LoginThrottle {
  /** Counts an attempt on `key`; false, and nothing counted, when the key is locked. */
  admit(key: string, policy: ThrottlePolicy): Promise<boolean>;
  /** An admitted attempt failed: once the window holds `limit`, the key locks. */
  fail(key: string, policy: ThrottlePolicy): Promise<void>;
  /** An admitted attempt succeeded: it no longer counts. */
  release(key: string): Promise<void>;
  /** Forgets every attempt on `key` (an account whose owner signed in). */
  clear(key: string): Promise<void>;
}

/** When a lock ends (seconds since the epoch), or null: no lock. */
type Until = number | null;

export function createLoginThrottle({ db, clock }: { db: Db; clock: Clock }): LoginThrottle {
  return {
    async admit(key, policy) {
      const now = clock.now();
      const windowStart = now - policy.windowSeconds;
      // A row starts a new window when no lock holds it and its window, or its lock, is over.
      const fresh = sql<boolean>`(coalesce(throttles.locked_until, 0) <= ${now} and (throttles.window_start <= ${windowStart} or throttles.locked_until is not null))`;
      const counted = {
        failures: sql<number>`case when ${fresh} then 1 else throttles.failures + 1 end`,
        window_start: sql<number>`case when ${fresh} then ${now} else throttles.window_start end`,
        locked_until: sql<Until>`case when ${fresh} then null else throttles.locked_until end`,
      };
      // One statement counts the attempt only if the key is open. The row is locked
      // (PostgreSQL) or the store is (SQLite) while the condition is decided, so concurrent
      // attempts each see the count the others left.
      const open = sql<boolean>`${fresh} or (throttles.locked_until is null and throttles.failures < ${policy.limit})`;
      const admitted = await db
        .insertInto('throttles')
        .values({ key, failures: 1, window_start: now, locked_until: null })
        .onConflict((oc) => oc.column('key').doUpdateSet(counted).where(open))
        .returning('failures')
        .executeTakeFirst();
      return admitted !== undefined;
    },
    async fail(key, policy) {
      const now = clock.now();
      await db
        .updateTable('throttles')
        .set({ locked_until: now + policy.lockSeconds, failures: 0, window_start: now })
        .where('key', '=', key)
        .where('locked_until', 'is', null)
        .where('failures', '>=', policy.limit)
        .execute();
    },
    async release(key) {
      await db
        .updateTable('throttles')
        .set({ failures: sql<number>`failures - 1` })
        .where('key', '=', key)
        .where('locked_until', 'is', null)
        .where('failures', '>', 0)
        .execute();
    },
    async clear(key) {
      await db.deleteFrom('throttles').where('key', '=', key).execute();
    },
  };
}
