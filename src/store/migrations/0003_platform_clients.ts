import type { Kysely } from 'kysely';

// Platform clients, and the scopes an org defines. Portable types, as in 0001: a flag is an
// integer (0 or 1), a list is space-separated text.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A client registered by an org acts for that org alone; a platform client, registered by
  // an operator, acts for any org. Every client registered before this is an org's own.
  await db.schema
    .alterTable('clients')
    .addColumn('platform', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The scopes an org's API keys may carry; none until the org defines some.
  await db.schema
    .alterTable('orgs')
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
