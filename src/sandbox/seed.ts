import { changedEntry } from '../oauth/deny-list.js';
import type { Services } from '../services.js';
import { normalizeEmail } from '../users/email.js';
import { accountKey } from '../users/login-throttle.js';
import { fixtureAccessCodes, fixtureIntegrations, fixtureRecords } from './contract-fixtures.js';
import { fixtureApiKeys, fixtureClients, fixtureOrgs, fixtureUsers } from './fixtures.js';
import { claimStore, describeStore } from './store-kind.js';

type SeedDeps = Pick<
  Services,
  | 'config'
  | 'db'
  | 'clock'
  | 'orgs'
  | 'users'
  | 'clients'
  | 'apiKeys'
  | 'accessCodes'
  | 'records'
  | 'lookups'
>;

// The store is marked a sandbox before anything is seeded, so that one left half-seeded by
// a crash is still known as a sandbox (and production still refuses it).
const claimSandbox = ({ db, config }: SeedDeps) =>
  claimStore(db, 'sandbox', describeStore(config.databaseUrl));

/** Seeds the fixtures when the store has no org at all; returns whether it did. */
export async function seedSandboxIfEmpty(services: SeedDeps): Promise<boolean> {
  await claimSandbox(services);
  const any = await services.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  if (any !== undefined) return false;
  await seedSandbox(services);
  return true;
}

/** Restores every fixture to its documented state: deleted, changed or spent ones alike. */
export async function resetSandbox(services: SeedDeps): Promise<void> {
  const orgIds = fixtureOrgs.map((o) => o.id);
  const clientIds = fixtureClients.map((c) => c.id);
  const keyIds = fixtureApiKeys.map((k) => k.id);
  const emails = fixtureUsers.map((u) => u.email);
  const throttleKeys = emails.map((email) => accountKey(normalizeEmail(email)));
  await claimSandbox(services);
  await services.db.transaction().execute(async (trx) => {
    // Answers kept for partner Idempotency-Keys name records that the reset deletes.
    await trx
      .deleteFrom('idempotency_keys')
      .where((eb) =>
        eb.or([
          eb('client_id', 'in', clientIds),
          eb(
            'client_id',
            'in',
            eb.selectFrom('clients').select('id').where('org_id', 'in', orgIds),
          ),
        ]),
      )
      .execute();
    await trx.deleteFrom('refresh_families').where('client_id', 'in', clientIds).execute();
    await trx.deleteFrom('refresh_families').where('org_id', 'in', orgIds).execute();
    await trx.deleteFrom('access_codes').where('client_id', 'in', clientIds).execute();
    await trx.deleteFrom('consents').where('client_id', 'in', clientIds).execute();
    await trx.deleteFrom('api_keys').where('id', 'in', keyIds).execute();
    await trx.deleteFrom('clients').where('id', 'in', clientIds).execute();
    await trx.deleteFrom('users').where('email', 'in', emails).execute();
    await trx.deleteFrom('throttles').where('key', 'in', throttleKeys).execute();
    await trx.deleteFrom('memberships').where('org_id', 'in', orgIds).execute();
    await trx.deleteFrom('orgs').where('id', 'in', orgIds).execute();
  });
  // Every instance's lookup caches (store/lookup-cache.ts) drop what they hold, which may be
  // a fixture deleted or changed here: once the old fixtures are gone, so that none is
  // served while the new ones are made, and once those are all made, so that nothing read
  // half-way through the seeding stays. The reset may run in another process than a server.
  await services.lookups.changed(changedEntry.everything);
  await seedSandbox(services);
  await services.lookups.changed(changedEntry.everything);
}

async function seedSandbox(services: SeedDeps): Promise<void> {
  const { db, clock, orgs, users, clients, apiKeys, accessCodes, records } = services;
  for (const org of fixtureOrgs) await orgs.create(org);
  for (const user of fixtureUsers) {
    await users.create({ id: user.id, email: user.email, password: user.password });
    for (const m of user.memberships) await users.addToOrg(user.id, m.orgId, m.role);
  }
  for (const client of fixtureClients) await clients.create(client);
  for (const key of fixtureApiKeys) await apiKeys.create(key);
  for (const code of fixtureAccessCodes) await accessCodes.issue({ ...code, ttl: null });
  for (const i of fixtureIntegrations) {
    await db
      .insertInto('integrations')
      .values({
        id: i.id,
        org_id: i.orgId,
        client_id: i.clientId,
        api_key_id: i.apiKeyId,
        created_at: clock.now(),
        uninstalled_at: null,
      })
      .execute();
  }
  for (const r of fixtureRecords) await records.create(r.orgId, r.kind, r.id, r.data);
}
