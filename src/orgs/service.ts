import { isScopeToken } from '../clients/service.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { joinList, splitList } from '../lib/lists.js';
import { requireName } from '../lib/names.js';
import { newId } from '../lib/random.js';
import { changedEntry } from '../oauth/deny-list.js';
import type { Db, Executor } from '../store/database.js';
import { uncachedLookups, type LookupCaches } from '../store/lookup-cache.js';
import type { Database } from '../store/schema.js';

export interface Org {
  id: string;
  name: string;
  kind: string | null;
  /** The scopes the org's API keys may carry (RFC 6749 §3.3 scope-tokens). */
  scopes: string[];
  createdAt: number;
}

export interface OrgService {
  create(input: {
    name: string;
    kind?: string | null;
    id?: string;
    scopes?: readonly string[];
  }): Promise<Org>;
  /** The org, from memory once read: every change of it is recorded for the caches. */
  get(id: string): Promise<Org | undefined>;
  list(): Promise<Org[]>;
  /** Replaces the scopes the org defines. Keys keep theirs; exchanges carry only defined ones. */
  setScopes(id: string, scopes: readonly string[]): Promise<Org>;
}

export function createOrgService({
  db,
  clock,
  lookups = uncachedLookups,
}: {
  db: Db;
  clock: Clock;
  /** Keeps orgs by id until they change (their scopes are what API keys act with). */
  lookups?: LookupCaches;
}): OrgService {
  const held = lookups.lookup<Org>({ dependsOn: (org) => [changedEntry.org(org.id)] });
  const get = (id: string) =>
    held.get(id, async () => {
      const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrg(row);
    });
  return {
    async create({ name, kind = null, id = newId('org'), scopes = [] }) {
      const trimmed = requireName('org name', name);
      const defined = checkScopes(scopes);
      const org: Org = { id, name: trimmed, kind, scopes: defined, createdAt: clock.now() };
      await db
        .insertInto('orgs')
        .values({ id, name: trimmed, kind, scopes: joinList(defined), created_at: org.createdAt })
        .execute();
      return org;
    },
    get,
    async list() {
      const rows = await db.selectFrom('orgs').selectAll().orderBy('created_at').execute();
      return rows.map(toOrg);
    },
    async setScopes(id, scopes) {
      const defined = checkScopes(scopes);
      const updated = await db
        .updateTable('orgs')
        .set({ scopes: joinList(defined) })
        .where('id', '=', id)
        .executeTakeFirst();
      // The keys of the org act with the new list from their next use, on every instance.
      if (Number(updated.numUpdatedRows) > 0) await lookups.changed(changedEntry.org(id));
      const org = await get(id);
      if (org === undefined) throw new DomainError('not_found', 'no such org');
      return org;
    },
  };
}

/**
 * The scopes `orgId` defines, read through `executor` so that a caller inside a transaction
 * (an install creating its key) reads within it; none for an org that does not exist.
 */
export async function definedScopes(executor: Executor, orgId: string): Promise<string[]> {
  const row = await executor
    .selectFrom('orgs')
    .select('scopes')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return splitList(row?.scopes);
}

function checkScopes(scopes: readonly string[]): string[] {
  const bad = scopes.find((scope) => !isScopeToken(scope));
  if (bad !== undefined) throw new DomainError('invalid_input', `invalid scope: ${bad}`);
  return [...new Set(scopes)];
}

function toOrg(row: Database['orgs']): Org {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    scopes: splitList(row.scopes),
    createdAt: row.created_at,
  };
}
