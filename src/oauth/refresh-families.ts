import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/database.js';
import type { DenyList } from './deny-list.js';

/**
 * Ending refresh-token families: a replay (RFC 9700 §4.14.2), a sign-out or revocation
 * (RFC 7009 §2.1), a revoked credential, a withdrawn consent. A family's row is marked
 * revoked by one conditional statement, and the access tokens it issued that are still live
 * go on the deny list. The tokens of the families are spent and issued by
 * refresh-tokens.ts, whose service offers these too.
 */
export interface RefreshFamilies {
  /** Revokes the family and deny-lists the access tokens it issued that are still live. */
  revokeFamily(familyId: string): Promise<void>;
  /**
   * Revokes every family of a revoked client or API key. Their access tokens are refused by
   * the credential's own deny-list entry, so they are not listed one by one.
   */
  revokeFamiliesOf(kind: 'client' | 'api_key', id: string): Promise<void>;
  /**
   * Revokes every live family a client holds for a person in an org (the person withdrew
   * their consent), and deny-lists the access tokens those families issued that are still
   * live; returns how many families it ended.
   */
  revokeFamiliesFor(holder: { userId: string; clientId: string; orgId: string }): Promise<number>;
  isFamilyRevoked(familyId: string): Promise<boolean>;
}

export function createRefreshFamilies({
  db,
  clock,
  denyList,
}: {
  db: Db;
  clock: Clock;
  denyList: DenyList;
}): RefreshFamilies {
  /** Deny-lists the access tokens the families issued that are still live at `now`. */
  async function denyLiveAccessTokens(familyIds: string[], now: number): Promise<void> {
    if (familyIds.length === 0) return;
    const live = await db
      .selectFrom('refresh_tokens')
      .select(['access_jti', 'access_expires_at'])
      .where('family_id', 'in', familyIds)
      .where('access_expires_at', '>', now)
      .execute();
    for (const row of live) await denyList.revoke(row.access_jti, row.access_expires_at);
  }

  return {
    async revokeFamily(familyId) {
      const now = clock.now();
      await db
        .updateTable('refresh_families')
        .set({ revoked_at: now })
        .where('id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute();
      await denyLiveAccessTokens([familyId], now);
    },

    async revokeFamiliesOf(kind, id) {
      const families = db
        .updateTable('refresh_families')
        .set({ revoked_at: clock.now() })
        .where('revoked_at', 'is', null);
      await (
        kind === 'client'
          ? families.where('client_id', '=', id)
          : families.where('subject_type', '=', 'api_key').where('subject_id', '=', id)
      ).execute();
    },

    async revokeFamiliesFor({ userId, clientId, orgId }) {
      const now = clock.now();
      // One conditional statement ends them all; only the families it ended have their access
      // tokens listed (an earlier revocation listed those of the others). A rotation racing
      // it finds its family revoked when token-issuer.ts checks again, and revokes its own.
      const ended = await db
        .updateTable('refresh_families')
        .set({ revoked_at: now })
        .where('subject_type', '=', 'user')
        .where('subject_id', '=', userId)
        .where('client_id', '=', clientId)
        .where('org_id', '=', orgId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      await denyLiveAccessTokens(
        ended.map((row) => row.id),
        now,
      );
      return ended.length;
    },

    async isFamilyRevoked(familyId) {
      const row = await db
        .selectFrom('refresh_families')
        .select('revoked_at')
        .where('id', '=', familyId)
        .executeTakeFirst();
      return row === undefined || row.revoked_at !== null;
    },
  };
}
