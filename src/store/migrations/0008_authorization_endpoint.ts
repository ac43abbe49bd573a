import type { Kysely } from 'kysely';

// What the authorization endpoint (RFC 6749 §3.1) needs of the store. Portable types, as in
// 0001: a flag is an integer (0 or 1), a list is space-separated text.
export async function up(db: Kysely<unknown>): Promise<void> {
  // RFC 9700 §2.1.1: every client sends a PKCE challenge unless registered not to (only a
  // confidential client may be); an install client's authorization codes are access codes
  // that install it into the org its admin chose (integrations.insert).
  await db.schema
    .alterTable('clients')
    .addColumn('pkce_required', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('clients')
    .addColumn('install', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // An access code issued at the authorization endpoint with an S256 challenge (RFC 7636) is
  // redeemed only with its verifier.
  await db.schema.alterTable('access_codes').addColumn('code_challenge', 'text').execute();
  // A person's consent to a client acting for them in one org with these scopes, remembered
  // until they revoke it; one row per person, client and org.
  await db.schema
    .createTable('consents')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('consents_pk', ['user_id', 'client_id', 'org_id'])
    .execute();
}
