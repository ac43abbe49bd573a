import type { Kysely } from 'kysely';

// A browser's sign-in (sessions/service.ts). The id its cookie holds is stored only as a
// keyed hash, so that a copy of the table signs nobody in. `auth_time` is when the person
// proved who they are (OpenID Connect Core §2); `last_seen_at` moves at most once a minute.
// A session ends at sign-out (`ended_at`), after 30 idle minutes or 12 hours after
// `auth_time`; ended and expired rows are pruned (maintenance/prune.ts), so the table holds
// about a day of sign-ins and needs no index but the user's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
}
