import {
  Migrator,
  PostgresIntrospector,
  sql,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import * as core from './migrations/0001_core.js';
import * as integrations from './migrations/0002_integrations.js';
import * as platformClients from './migrations/0003_platform_clients.js';
import * as idempotencyKeys from './migrations/0004_idempotency_keys.js';
import * as signingKeyProtection from './migrations/0005_signing_key_protection.js';
import * as authorizationCodes from './migrations/0006_authorization_codes.js';
import * as sessions from './migrations/0007_sessions.js';
import * as authorizationEndpoint from './migrations/0008_authorization_endpoint.js';

/** Migrations are listed here, in order; they ship inside the build, not read from disk. */
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_integrations': integrations,
  '0003_platform_clients': platformClients,
  '0004_idempotency_keys': idempotencyKeys,
  '0005_signing_key_protection': signingKeyProtection,
  '0006_authorization_codes': authorizationCodes,
  '0007_sessions': sessions,
  '0008_authorization_endpoint': authorizationEndpoint,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration. Kysely takes a lock, so instances may start together. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...(await migrationTableSchema(db)) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) {
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    }
    if (!isSchemaDroppedMeanwhile(error) || attempt === 3) throw error;
  }
}

// Kysely looks for its bookkeeping tables by name across every schema of the database; a
// schema that another user of the database drops meanwhile fails that look-up with
// invalid_schema_name (3F000), before anything of ours is written: look again.
function isSchemaDroppedMeanwhile(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '3F000';
}

// Unless told the schema, Kysely takes its bookkeeping tables in any schema of the database
// for ours, skips creating them, and then fails: name the schema the store lives in.
async function migrationTableSchema<T>(db: Kysely<T>): Promise<{ migrationTableSchema?: string }> {
  if (!(db.introspection instanceof PostgresIntrospector)) return {};
  const current = sql<{ schema: string | null }>`select current_schema() as schema`;
  const { rows } = await current.execute(db);
  const schema = rows[0]?.schema;
  return typeof schema === 'string' ? { migrationTableSchema: schema } : {};
}
