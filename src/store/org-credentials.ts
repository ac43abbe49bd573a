import type { Clock } from '../lib/clock.js';
import type { SecretHasher } from '../lib/hash.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';

/** What the service of a kind of credential (API keys, OAuth clients) is made from. */
export interface CredentialServiceDeps {
  db: Db;
  clock: Clock;
  hasher: SecretHasher;
  /** Told once when a credential is revoked, to refuse the tokens issued from it. */
  onRevoke?: (id: string) => Promise<void>;
}

/** Tables of credentials an org owns, lists and revokes: API keys and OAuth clients. */
type CredentialTable = 'api_keys' | 'clients';

/** The org's credentials of `table`, oldest first (ties by id, so the order is stable). */
export function listOfOrg<T extends CredentialTable>(
  db: Db,
  table: T,
  orgId: string,
): Promise<Database[T][]> {
  return db
    .selectFrom(table as CredentialTable)
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute() as Promise<Database[T][]>;
}

/**
 * Revokes the org's credential `id` of `table` at `now` by one conditional update, so that
 * `onRevoke` is told once however many revocations race; a revoked one stays as it was.
 */
export async function revokeOfOrg(
  db: Db,
  table: CredentialTable,
  { orgId, id, now }: { orgId: string; id: string; now: number },
  onRevoke?: (id: string) => Promise<void>,
): Promise<void> {
  const result = await db
    .updateTable(table)
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) await onRevoke?.(id);
}
