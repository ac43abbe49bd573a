import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/database.js';

/**
 * What access tokens must no longer be honoured, until they would have expired anyway:
 * single tokens by `jti`, whole credentials (`client:<id>`, `api_key:<id>`) whose tokens
 * issued up to the moment of revocation are refused, and signing keys (`kid:<kid>`) whose
 * tokens are all refused.
 *
 * A revocation is written to the store first (so it survives a restart and reaches every
 * instance), then held in memory, where every token check reads it without a store round
 * trip. Other instances learn of it through `sync()`, which the server runs every second,
 * and at once through the notifier (Redis pub/sub) when one is configured.
 */
export interface DenyList {
  revoke(id: string, expiresAt: number): Promise<void>;
  /** When `id` was revoked, or undefined if it is not. */
  revokedAt(id: string): number | undefined;
  /** Pulls revocations made by other instances since the last sync. */
  sync(): Promise<void>;
  /** Records a revocation heard from another instance. */
  remember(id: string, expiresAt: number, revokedAt: number): void;
}

export interface RevocationNotifier {
  publish(id: string, expiresAt: number, revokedAt: number): Promise<void>;
}

/** The deny-list entry that refuses every token of a revoked credential. */
export function credentialEntry(kind: 'client' | 'api_key', id: string): string {
  return `${kind}:${id}`;
}

/** The deny-list entry that refuses every token signed with a revoked signing key. */
export function signingKeyEntry(kid: string): string {
  return `kid:${kid}`;
}

/**
 * How far the clocks of two instances may differ, in seconds: `sync` pulls from this long
 * before the last revocation it saw, and the lookup caches (store/lookup-cache.ts) treat what
 * they loaded up to this long before a change as loaded before it.
 */
export const instanceClockSkew = 5;

/**
 * Entries that refuse no token but tell every instance's lookup caches (store/lookup-cache.ts)
 * that something they may hold changed: an org (its scopes), a person's role in an org, or,
 * for a sandbox reset that deletes and re-creates the fixtures, everything. The `changed:`
 * prefix keeps them apart from a `jti` (which has no colon) and from the credential and
 * signing-key entries above. A colon inside an id could only make two of them share an
 * entry, which refreshes more than needed, never less.
 */
export const changedEntry = {
  org: (orgId: string) => `changed:org:${orgId}`,
  membership: (userId: string, orgId: string) => `changed:membership:${userId}:${orgId}`,
  everything: 'changed:all',
} as const;

export function createDenyList({
  db,
  clock,
  notifier,
}: {
  db: Db;
  clock: Clock;
  notifier?: RevocationNotifier;
}): DenyList {
  const revoked = new Map<string, { expiresAt: number; revokedAt: number }>();
  // Sync from a little before the last revocation seen: clocks of instances differ slightly.
  let syncedUpTo = 0;

  function prune(now: number): void {
    for (const [id, entry] of revoked) if (entry.expiresAt <= now) revoked.delete(id);
  }

  // The latest revocation of an id wins, whatever order the messages arrive in: a delayed
  // fan-out message or a sync must not move an entry back to an earlier time, which would
  // let tokens issued (or cached values read) between the two be honoured again.
  const remember = (id: string, expiresAt: number, revokedAt: number) => {
    if (expiresAt <= clock.now()) return;
    const known = revoked.get(id);
    revoked.set(
      id,
      known === undefined
        ? { expiresAt, revokedAt }
        : {
            expiresAt: Math.max(known.expiresAt, expiresAt),
            revokedAt: Math.max(known.revokedAt, revokedAt),
          },
    );
  };

  return {
    async revoke(id, expiresAt) {
      const now = clock.now();
      // A credential revoked again (e.g. a sandbox fixture re-created and revoked) moves on.
      await db
        .insertInto('revoked_tokens')
        .values({ jti: id, expires_at: expiresAt, revoked_at: now })
        .onConflict((oc) =>
          oc.column('jti').doUpdateSet({ expires_at: expiresAt, revoked_at: now }),
        )
        .execute();
      remember(id, expiresAt, now);
      await notifier?.publish(id, expiresAt, now);
    },
    revokedAt(id) {
      return revoked.get(id)?.revokedAt;
    },
    async sync() {
      const now = clock.now();
      const rows = await db
        .selectFrom('revoked_tokens')
        .select(['jti', 'expires_at', 'revoked_at'])
        .where('revoked_at', '>=', syncedUpTo - instanceClockSkew)
        .where('expires_at', '>', now)
        .execute();
      for (const row of rows) {
        remember(row.jti, row.expires_at, row.revoked_at);
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
