import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/database.js';

/**
 * Revoked access tokens by `jti`, until they expire. A revocation is written to the store
 * first (so it survives a restart and reaches every instance), then held in memory, where
 * every token check reads it without a store round trip. Other instances learn of it
 * through `sync()`, which the server runs every second, and at once through the
 * notifier (Redis pub/sub) when one is configured.
 */
export interface DenyList {
  revoke(jti: string, expiresAt: number): Promise<void>;
  isRevoked(jti: string): boolean;
  /** Pulls revocations made by other instances since the last sync. */
  sync(): Promise<void>;
  /** Records a revocation heard from another instance. */
  remember(jti: string, expiresAt: number): void;
}

export interface RevocationNotifier {
  publish(jti: string, expiresAt: number): Promise<void>;
}

export function createDenyList({
  db,
  clock,
  notifier,
}: {
  db: Db;
  clock: Clock;
  notifier?: RevocationNotifier;
}): DenyList {
  const revoked = new Map<string, number>();
  // Sync from a little before the last revocation seen: clocks of instances differ slightly.
  let syncedUpTo = 0;

  function prune(now: number): void {
    for (const [jti, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(jti);
  }

  const remember = (jti: string, expiresAt: number) => {
    if (expiresAt > clock.now()) revoked.set(jti, expiresAt);
  };

  return {
    async revoke(jti, expiresAt) {
      const now = clock.now();
      await db
        .insertInto('revoked_tokens')
        .values({ jti, expires_at: expiresAt, revoked_at: now })
        .onConflict((oc) => oc.column('jti').doNothing())
        .execute();
      remember(jti, expiresAt);
      await notifier?.publish(jti, expiresAt);
    },
    isRevoked(jti) {
      return revoked.has(jti);
    },
    async sync() {
      const now = clock.now();
      const rows = await db
        .selectFrom('revoked_tokens')
        .select(['jti', 'expires_at', 'revoked_at'])
        .where('revoked_at', '>=', syncedUpTo - 5)
        .where('expires_at', '>', now)
        .execute();
      for (const row of rows) {
        remember(row.jti, row.expires_at);
        syncedUpTo = Math.max(syncedUpTo, row.revoked_at);
      }
      prune(now);
      await db
        .deleteFrom('revoked_tokens')
        .where('expires_at', '<=', now - 60)
        .execute();
    },
    remember,
  };
}
