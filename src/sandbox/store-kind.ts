import { ConfigError } from '../config.js';
import type { Executor } from '../store/database.js';
import { fixtureApiKeys, fixtureClients, fixtureOrgs, fixtureUsers } from './fixtures.js';

/**
 * Whether a store is a sandbox or production, kept in the store itself (`settings`), so that
 * the two never share one: production never serves the sandbox's published credentials, and
 * the sandbox never seeds them into a production store. The mark is written the first time a
 * server or `sandbox reset` uses the store, before anything is seeded.
 */
export type StoreKind = 'sandbox' | 'production';

const setting = 'store_kind';

/** How messages name the store: the SQLite file, or the URL without its password. */
export function describeStore(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:')) return databaseUrl.slice('sqlite:'.length);
  return databaseUrl.replace(/:[^:@/]*@/, ':***@');
}

/**
 * Marks the store as `kind` when it has no mark yet, or refuses it with a ConfigError that
 * says what happened and what to do. `where` names the store in the message.
 */
export async function claimStore(db: Executor, kind: StoreKind, where: string): Promise<void> {
  const marked = await markOf(db);
  const fixture = await firstFixture(db);
  if (kind === 'production') {
    if (marked === 'sandbox') throw new ConfigError(productionOnSandbox(where));
    if (fixture !== undefined) throw new ConfigError(productionOnFixtures(where, fixture));
  } else if (marked === 'production') {
    throw new ConfigError(sandboxOn(where, 'it is a production store'));
  } else if (marked === undefined && fixture === undefined && (await holdsData(db))) {
    // A store from before stores were marked, holding data that is not the sandbox's.
    throw new ConfigError(sandboxOn(where, "it holds data that is not the sandbox's"));
  }
  if (marked !== undefined) return;
  await db
    .insertInto('settings')
    .values({ name: setting, value: kind })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  // Two first starts of different kinds at once: the one whose mark was written wins.
  if ((await markOf(db)) !== kind) await claimStore(db, kind, where);
}

async function markOf(db: Executor): Promise<StoreKind | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', setting)
    .executeTakeFirst();
  return row?.value === 'sandbox' || row?.value === 'production' ? row.value : undefined;
}

/** A demo fixture the store holds, named for a message, if it holds any. */
async function firstFixture(db: Executor): Promise<string | undefined> {
  const withIdIn = (
    table: 'clients' | 'orgs' | 'api_keys',
    rows: ReadonlyArray<{ id: string }>,
  ) => {
    const ids = rows.map((row) => row.id);
    return db.selectFrom(table).select('id').where('id', 'in', ids);
  };
  const client = await withIdIn('clients', fixtureClients).orderBy('id', 'desc').executeTakeFirst();
  if (client !== undefined) return `the client ${client.id}`;
  const org = await withIdIn('orgs', fixtureOrgs).executeTakeFirst();
  if (org !== undefined) return `the organization ${org.id}`;
  const user = await db
    .selectFrom('users')
    .select('email')
    .where(
      'email',
      'in',
      fixtureUsers.map((u) => u.email),
    )
    .executeTakeFirst();
  if (user !== undefined) return `the user ${user.email}`;
  const key = await withIdIn('api_keys', fixtureApiKeys).executeTakeFirst();
  return key && `the API key ${key.id}`;
}

async function holdsData(db: Executor): Promise<boolean> {
  for (const table of ['orgs', 'users', 'clients'] as const) {
    if ((await db.selectFrom(table).select('id').limit(1).executeTakeFirst()) !== undefined) {
      return true;
    }
  }
  return false;
}

const productionOnSandbox = (where: string) =>
  `refusing to serve production from ${where}: it is a sandbox store, and its demo ` +
  'credentials are published. Give production a store of its own (DATABASE_URL; unset, ' +
  'production uses ./data/gatehouse.db) and run the sandbox with gatehouse serve --sandbox ' +
  '(npm start).';

const productionOnFixtures = (where: string, fixture: string) =>
  `refusing to serve production from ${where}: it holds the sandbox's demo fixtures (such ` +
  `as ${fixture}), whose credentials are published. If it was only ever a sandbox, move it ` +
  'aside and start production on a fresh store (the sandbox now keeps its own, ' +
  './data/sandbox.db); if it also holds production data, delete the demo organizations, ' +
  'users, clients and API keys from it first.';

const sandboxOn = (where: string, why: string) =>
  `refusing to use ${where} as a sandbox: ${why}, and the sandbox would put published demo ` +
  'credentials into it. Give the sandbox a store of its own (DATABASE_URL; unset, the ' +
  'sandbox uses ./data/sandbox.db).';
