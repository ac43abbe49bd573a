import { DomainError } from '../errors.js';
import { memoryDigest } from '../lib/hash.js';
import { joinList, splitList } from '../lib/lists.js';
import { requireName } from '../lib/names.js';
import { newId } from '../lib/random.js';
import { isRole, type Role } from '../orgs/roles.js';
import { definedScopes } from '../orgs/service.js';
import { changedEntry, credentialEntry } from '../oauth/deny-list.js';
import { intersect } from '../oauth/scopes.js';
import { requireAuthorityOver, type KeyActor } from './authority.js';
import type { Executor } from '../store/database.js';
import { compiledOnce } from '../store/compiled-once.js';
import { uncachedLookups, type LookupCaches } from '../store/lookup-cache.js';
import { listOfOrg, revokeOfOrg, type CredentialServiceDeps } from '../store/org-credentials.js';
import type { Database } from '../store/schema.js';
import { isWellFormedKey, keyStart, nativeKeyFormat, type KeyFormat } from './format.js';

/** Who may create, list and revoke an org's API keys: this role or higher, in that org. */
export const apiKeyManagerRole: Role = 'developer';

export interface ApiKey {
  id: string;
  orgId: string;
  name: string;
  /** The first characters of the key, safe to show (e.g. `gh_4kT2`). */
  start: string;
  role: Role | null;
  scopes: string[];
  createdBy: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface CreateApiKeyInput {
  orgId: string;
  name: string;
  role?: Role | null;
  scopes?: string[];
  createdBy?: string | null;
  expiresAt?: number | null;
  /** The format to mint the key in, one registered with the service; default: native. */
  format?: KeyFormat;
  /** A fixed value instead of a minted key (the sandbox's fixtures). */
  secret?: string;
  id?: string;
}

export interface ApiKeyService {
  /**
   * Creates a key; the secret is returned here and never again. `executor` lets a caller
   * create the key inside its own transaction.
   */
  create(
    input: CreateApiKeyInput,
    executor?: Executor,
  ): Promise<{ apiKey: ApiKey; secret: string }>;
  list(orgId: string): Promise<ApiKey[]>;
  get(orgId: string, id: string): Promise<ApiKey | undefined>;
  /** The key if it is neither revoked nor expired, with the scopes its org still defines. */
  findLive(orgId: string, id: string): Promise<ApiKey | undefined>;
  /**
   * Revokes a key of `orgId`; another org's key is not_found, a key above `by`'s role is
   * forbidden (authority.ts). Revoking twice is harmless.
   */
  revoke(orgId: string, id: string, by: KeyActor): Promise<ApiKey>;
  /**
   * The live key a secret belongs to, or undefined (malformed, unknown, revoked, expired).
   * A key owned by an integration is valid only together with that integration's id: given
   * `integrationId`, only the key of that live install matches; without it, no
   * integration's key does. The key's scopes are those its org still defines.
   */
  verify(secret: string, options?: { integrationId?: string }): Promise<ApiKey | undefined>;
}

export function createApiKeyService({
  db,
  clock,
  hasher,
  onRevoke,
  formats = [],
  lookups = uncachedLookups,
}: CredentialServiceDeps & {
  /**
   * The contracts' key formats, besides the native one: only a key of one of these formats
   * is looked up, and only these are minted. A key of a contract whose surface is not
   * mounted may still be in the store, so every contract's format is registered.
   */
  formats?: readonly KeyFormat[];
  /**
   * Keeps what `verify` found, by the key's digest (never the key itself), until the key is
   * revoked, expires, or its org's scopes change.
   */
  lookups?: LookupCaches;
}): ApiKeyService {
  const registered = [nativeKeyFormat, ...formats];
  const verified = lookups.lookup<ApiKey>({
    dependsOn: (key) => [credentialEntry('api_key', key.id), changedEntry.org(key.orgId)],
    usable: (key, now) => key.expiresAt === null || key.expiresAt > now,
  });
  const byId = (orgId: string, id: string) =>
    db
      .selectFrom('api_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();

  // The org's defined scopes come along: a key acts only with scopes its org still defines,
  // however the org's list changed since the key was made. Built and compiled once
  // (store/compiled-once.ts): every first-seen key runs one of the two.
  const byHash = (keyHash: string) =>
    db
      .selectFrom('api_keys')
      .innerJoin('orgs', 'orgs.id', 'api_keys.org_id')
      .selectAll('api_keys')
      .select('orgs.scopes as org_scopes')
      .where('api_keys.key_hash', '=', keyHash);
  // A key presented alone: an install's key is valid only with its install's id (the
  // contract's two headers), so a key that belongs to an install is not found this way.
  const selectPlainKey = compiledOnce(
    (keyHash: string) =>
      byHash(keyHash).where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('integrations')
              .select('integrations.id')
              .whereRef('integrations.api_key_id', '=', 'api_keys.id'),
          ),
        ),
      ),
    1,
  );
  // An install's key, presented with that install's id, while it is installed.
  const selectInstallKey = compiledOnce(
    (keyHash: string, integrationId: string) =>
      byHash(keyHash)
        .innerJoin('integrations', 'integrations.api_key_id', 'api_keys.id')
        .where('integrations.id', '=', integrationId)
        .where('integrations.uninstalled_at', 'is', null),
    2,
  );

  /** The live key of this keyed hash, as `verify` describes it, read from the store. */
  async function findByHash(keyHash: string, integrationId: string | undefined) {
    const query =
      integrationId === undefined
        ? selectPlainKey(keyHash)
        : selectInstallKey(keyHash, integrationId);
    const [row] = (await db.executeQuery(query)).rows;
    return row !== undefined && isLive(row, clock.now()) ? boundByOrg(row) : undefined;
  }

  return {
    async create(input, executor = db) {
      const name = requireName('key name', input.name);
      const now = clock.now();
      // A time the caller could not parse (NaN) must not be stored as "never expires".
      if (input.expiresAt != null && !Number.isSafeInteger(input.expiresAt)) {
        throw new DomainError('invalid_input', 'expires_at must be a valid time');
      }
      if (input.expiresAt != null && input.expiresAt <= now) {
        throw new DomainError('invalid_input', 'expires_at must be in the future');
      }
      await checkScopesDefined(executor, input.orgId, input.scopes ?? []);
      const secret = input.secret ?? mint(registered, input.format ?? nativeKeyFormat);
      const row: Database['api_keys'] = {
        id: input.id ?? newId('key'),
        org_id: input.orgId,
        name,
        key_hash: hasher.hash(secret),
        start: keyStart(secret),
        role: input.role ?? null,
        scopes: joinList(input.scopes ?? []),
        created_by: input.createdBy ?? null,
        created_at: now,
        expires_at: input.expiresAt ?? null,
        revoked_at: null,
      };
      await executor.insertInto('api_keys').values(row).execute();
      return { apiKey: toApiKey(row), secret };
    },
    async list(orgId) {
      return (await listOfOrg(db, 'api_keys', orgId)).map(toApiKey);
    },
    async get(orgId, id) {
      const row = await byId(orgId, id);
      return row && toApiKey(row);
    },
    async findLive(orgId, id) {
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('orgs', 'orgs.id', 'api_keys.org_id')
        .selectAll('api_keys')
        .select('orgs.scopes as org_scopes')
        .where('api_keys.org_id', '=', orgId)
        .where('api_keys.id', '=', id)
        .executeTakeFirst();
      return row !== undefined && isLive(row, clock.now()) ? boundByOrg(row) : undefined;
    },
    async revoke(orgId, id, by) {
      const existing = await byId(orgId, id);
      if (existing === undefined) throw new DomainError('not_found', 'no such API key');
      // A key's role never changes, so checking it before the update leaves no race.
      requireAuthorityOver(by, toApiKey(existing).role, 'revoke');
      await revokeOfOrg(db, 'api_keys', { orgId, id, now: clock.now() }, onRevoke);
      const row = await byId(orgId, id);
      if (row === undefined) throw new DomainError('not_found', 'no such API key');
      return toApiKey(row);
    },
    async verify(secret, { integrationId } = {}) {
      if (!isWellFormedKey(secret, registered)) return undefined;
      // Found in memory by its plain digest; the keyed hash is taken only to read the store.
      // A digest is base64url, so the first space ends it: one key per digest and install.
      return verified.get(`${memoryDigest(secret)} ${integrationId ?? ''}`, () =>
        findByHash(hasher.hash(secret), integrationId),
      );
    },
  };
}

/** A key of a format the service would never look up could not be used: a wiring bug. */
function mint(registered: readonly KeyFormat[], format: KeyFormat): string {
  if (!registered.includes(format)) throw new Error('API key format not registered');
  return format.generate();
}

/**
 * A key carries only scopes its org defines (orgs/service.ts): anything else is refused by
 * name, so that no key is made to carry `admin` or `*` where the org has no such scope.
 */
async function checkScopesDefined(
  executor: Executor,
  orgId: string,
  scopes: readonly string[],
): Promise<void> {
  if (scopes.length === 0) return;
  const defined = await definedScopes(executor, orgId);
  const unknown = scopes.filter((scope) => !defined.includes(scope));
  if (unknown.length > 0) {
    throw new DomainError(
      'scope_not_allowed',
      `scope not defined by the organization: ${[...new Set(unknown)].join(' ')}`,
    );
  }
}

/** A key as it acts: with the scopes its org still defines, however its list changed. */
function boundByOrg(row: Database['api_keys'] & { org_scopes: string }): ApiKey {
  const key = toApiKey(row);
  return { ...key, scopes: intersect(key.scopes, splitList(row.org_scopes)) };
}

function isLive(row: Database['api_keys'], now: number): boolean {
  return row.revoked_at === null && (row.expires_at === null || row.expires_at > now);
}

function toApiKey(row: Database['api_keys']): ApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    start: row.start,
    role: row.role !== null && isRole(row.role) ? row.role : null,
    scopes: splitList(row.scopes),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
