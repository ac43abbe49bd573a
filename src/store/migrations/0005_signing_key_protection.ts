import type { Kysely } from 'kysely';

// A signing key can be revoked: from then on it neither signs nor verifies, and it is no
// longer published. (Its private part is encrypted in place at start, which needs the key
// from the environment, so that is done by the signing-key service, not here.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signing_keys').addColumn('revoked_at', 'bigint').execute();
}
