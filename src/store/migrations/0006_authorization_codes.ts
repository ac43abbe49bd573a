import type { Kysely } from 'kysely';

// Authorization codes (RFC 6749 §4.1), stored only as a keyed hash, with what they are bound
// to (client, redirect URI, PKCE challenge) and, once redeemed, the tokens issued from them,
// so that a replay can revoke those (RFC 6749 §4.1.2). `replayed_at` records a replay seen
// before the tokens were recorded, so that recording them revokes them at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text')
    .addColumn('nonce', 'text')
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('replayed_at', 'bigint')
    .addColumn('access_jti', 'text')
    .addColumn('access_expires_at', 'bigint')
    .addColumn('refresh_family_id', 'text')
    .execute();
}
