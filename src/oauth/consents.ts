import type { Clock } from '../lib/clock.js';
import { joinList, splitList } from '../lib/lists.js';
import type { Db } from '../store/database.js';

/** A person's remembered consent to one client in one org. */
export interface Consent {
  clientId: string;
  orgId: string;
  scopes: string[];
  grantedAt: number;
}

/**
 * Consents given on the authorization endpoint's consent page, remembered per person, client
 * and org until the person revokes them (OpenID Connect Core §3.1.2.4): a later request of
 * the same client in the same org for scopes within those allowed is not asked again,
 * unless it says `prompt=consent`. Allowing again replaces what was allowed: a request for
 * fewer scopes narrows it.
 */
export interface ConsentService {
  /** Whether the person has allowed the client, in the org, at least these scopes. */
  covers(
    userId: string,
    clientId: string,
    orgId: string,
    scopes: readonly string[],
  ): Promise<boolean>;
  /** Remembers that the person allowed the client, in the org, exactly these scopes. */
  grant(userId: string, clientId: string, orgId: string, scopes: readonly string[]): Promise<void>;
  /** The person's consents, newest first. */
  list(userId: string): Promise<Consent[]>;
  /**
   * Forgets a consent, true if there was one, and (whether there was or not) ends what the
   * client holds for the person in the org through `onRevoke`.
   */
  revoke(userId: string, clientId: string, orgId: string): Promise<boolean>;
}

export function createConsentService({
  db,
  clock,
  onRevoke,
}: {
  db: Db;
  clock: Clock;
  /** Ends the client's tokens for the person in the org: a withdrawn consent grants nothing. */
  onRevoke?: (holder: { userId: string; clientId: string; orgId: string }) => Promise<void>;
}): ConsentService {
  return {
    async covers(userId, clientId, orgId, scopes) {
      const row = await db
        .selectFrom('consents')
        .select('scope')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (row === undefined) return false;
      const allowed = new Set(splitList(row.scope));
      return scopes.every((scope) => allowed.has(scope));
    },

    async grant(userId, clientId, orgId, scopes) {
      const scope = joinList([...new Set(scopes)]);
      const grantedAt = clock.now();
      await db
        .insertInto('consents')
        .values({
          user_id: userId,
          client_id: clientId,
          org_id: orgId,
          scope,
          granted_at: grantedAt,
        })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'client_id', 'org_id'])
            .doUpdateSet({ scope, granted_at: grantedAt }),
        )
        .execute();
    },

    async list(userId) {
      const rows = await db
        .selectFrom('consents')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('granted_at', 'desc')
        .orderBy('client_id')
        .execute();
      return rows.map((row) => ({
        clientId: row.client_id,
        orgId: row.org_id,
        scopes: splitList(row.scope),
        grantedAt: row.granted_at,
      }));
    },

    async revoke(userId, clientId, orgId) {
      const deleted = await db
        .deleteFrom('consents')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      await onRevoke?.({ userId, clientId, orgId });
      return Number(deleted.numDeletedRows) === 1;
    },
  };
}
