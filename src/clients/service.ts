import { maxAccessTokenTtl } from '../config.js';
import { DomainError } from '../errors.js';
import { memoryDigest } from '../lib/hash.js';
import { joinList, splitList } from '../lib/lists.js';
import { requireName } from '../lib/names.js';
import { checkRedirectUri } from './redirect-uris.js';
import { randomBase62 } from '../lib/random.js';
import { credentialEntry } from '../oauth/deny-list.js';
import type { Role } from '../orgs/roles.js';
import { uncachedLookups, type LookupCaches } from '../store/lookup-cache.js';
import { listOfOrg, revokeOfOrg, type CredentialServiceDeps } from '../store/org-credentials.js';
import type { Database } from '../store/schema.js';

/** Who may create, list and revoke an org's OAuth clients. */
export const clientManagerRole: Role = 'admin';

/** The name of a grant type (RFC 6749 §4). */
export type GrantType = string;

/**
 * A grant type a client may be registered with, and whether a public client may use it. The
 * list is the grant registry's (oauth/grants/index.ts), handed over by the composition root.
 */
export interface GrantTypeRule {
  grantType: GrantType;
  publicClients: boolean;
  /** Given to a client registered without a list of grants, if its type may use it. */
  byDefault: boolean;
  /** Its tokens are sent to a redirect URI, so a client with it registers at least one. */
  redirects?: boolean;
}

export type ClientType = 'confidential' | 'public';

export interface Client {
  id: string;
  orgId: string;
  name: string;
  type: ClientType;
  grantTypes: GrantType[];
  scopes: string[];
  redirectUris: string[];
  accessTokenTtl: number | null;
  createdAt: number;
  revokedAt: number | null;
  /**
   * A platform client acts for any org (an operator registers it); any other client acts
   * only for its own org's people and keys.
   */
  platform: boolean;
  /**
   * Its authorization requests must carry a PKCE challenge (RFC 7636; RFC 9700 §2.1.1).
   * Always true of a public client; a confidential one may be registered without.
   */
  pkceRequired: boolean;
  /**
   * An install client: the authorization endpoint asks an org admin which org to install it
   * into, and its code is the single-use access code that `integrations.insert` redeems.
   */
  install: boolean;
}

export interface CreateClientInput {
  orgId: string;
  name: string;
  type?: ClientType;
  grantTypes?: GrantType[];
  scopes?: string[];
  redirectUris?: string[];
  accessTokenTtl?: number | null;
  /** Only an operator makes one (CLI, sandbox fixtures); never the management API. */
  platform?: boolean;
  /** Default true; false only for a confidential client. */
  pkceRequired?: boolean;
  /** Default false; an install client is confidential and has a redirect URI. */
  install?: boolean;
  /** Fixed values for sandbox fixtures; generated otherwise. */
  id?: string;
  secret?: string;
}

export interface ClientService {
  /** Creates a client; a confidential client's secret is returned here and never again. */
  create(input: CreateClientInput): Promise<{ client: Client; secret: string | undefined }>;
  list(orgId: string): Promise<Client[]>;
  get(orgId: string, id: string): Promise<Client | undefined>;
  /** A live client by its client_id, whatever its org. */
  find(id: string, options?: ReadOptions): Promise<Client | undefined>;
  revoke(orgId: string, id: string): Promise<Client>;
  /**
   * RFC 6749 §2.3.1: the live client whose secret matches. An unknown client and a wrong
   * secret give the same undefined, after the same hashing; a known client's row may come
   * from memory, which says no more than a client_id does (RFC 6749 §2.2: not a secret).
   */
  authenticate(id: string, secret: string, options?: ReadOptions): Promise<Client | undefined>;
}

/**
 * `fresh`: read the client from the store, not from memory (the install handshake, which
 * spends a code on what it reads, and is rare).
 */
export interface ReadOptions {
  fresh?: boolean;
}

const scopeToken = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 §3.3 scope-token
const clientIdPattern = /^[A-Za-z0-9._~-]{3,100}$/;

export function isScopeToken(value: string): boolean {
  return scopeToken.test(value);
}

export function createClientService({
  db,
  clock,
  hasher,
  onRevoke,
  grantTypes,
  lookups = uncachedLookups,
}: CredentialServiceDeps & {
  /** The grant types a client may be registered with. */
  grantTypes: readonly GrantTypeRule[];
  /** Keeps live clients, by client_id, until they are revoked. */
  lookups?: LookupCaches;
}): ClientService {
  const known = new Map(grantTypes.map((rule) => [rule.grantType, rule]));
  const byId = (id: string) =>
    db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  // The stored secret hash is kept beside the client, as the store keeps it, never a secret.
  const held = lookups.lookup<LiveClient>({
    dependsOn: ({ client }) => [credentialEntry('client', client.id)],
  });
  const readLive = async (id: string): Promise<LiveClient | undefined> => {
    const row = await byId(id);
    return row !== undefined && row.revoked_at === null
      ? { client: clientOf(row), secretHash: row.secret_hash }
      : undefined;
  };
  const live = (id: string, { fresh = false }: ReadOptions = {}) =>
    fresh ? readLive(id) : held.get(id, () => readLive(id));

  return {
    async create(input) {
      const row = validate(input, clock.now(), known);
      const secret =
        row.type === 'confidential' ? (input.secret ?? `ghcs_${randomBase62(40)}`) : undefined;
      row.secret_hash = secret === undefined ? null : hasher.hash(secret);
      if ((await byId(row.id)) !== undefined) {
        throw new DomainError('conflict', `client_id ${row.id} is taken`);
      }
      await db.insertInto('clients').values(row).execute();
      return { client: clientOf(row), secret };
    },
    async list(orgId) {
      return (await listOfOrg(db, 'clients', orgId)).map(clientOf);
    },
    async get(orgId, id) {
      const row = await byId(id);
      return row !== undefined && row.org_id === orgId ? clientOf(row) : undefined;
    },
    async find(id, options) {
      return (await live(id, options))?.client;
    },
    async revoke(orgId, id) {
      await revokeOfOrg(db, 'clients', { orgId, id, now: clock.now() }, onRevoke);
      const row = await byId(id);
      if (row === undefined || row.org_id !== orgId) {
        throw new DomainError('not_found', 'no such client');
      }
      return clientOf(row);
    },
    async authenticate(id, secret, options) {
      const found = clientIdPattern.test(id) ? await live(id, options) : undefined;
      // A secret this entry has matched before is known by its plain digest (lib/hash.ts):
      // the keyed hash is taken once per client held in memory, not at every token.
      const digest = memoryDigest(secret);
      if (found?.matched === digest) return found.client;
      // Hash even when there is nothing to compare with, so both failures cost the same.
      const matches = hasher.matches(secret, found?.secretHash ?? 'x');
      if (found === undefined || found.secretHash === null || !matches) return undefined;
      found.matched = digest;
      return found.client;
    },
  };
}

/** A client that is not revoked, and the keyed hash of its secret (null: a public client). */
interface LiveClient {
  client: Client;
  secretHash: string | null;
  /** The plain digest of the secret last matched; in memory only, dropped with the entry. */
  matched?: string;
}

function validate(
  input: CreateClientInput,
  now: number,
  known: ReadonlyMap<GrantType, GrantTypeRule>,
): Database['clients'] {
  const type = input.type ?? 'confidential';
  // No default serves a public client today: it names its grants, or is refused below.
  const grants =
    input.grantTypes ??
    [...known.values()]
      .filter((rule) => rule.byDefault && (type === 'confidential' || rule.publicClients))
      .map((rule) => rule.grantType);
  const scopes = input.scopes ?? [];
  const redirectUris = input.redirectUris ?? [];
  const id = input.id ?? `ghc_${randomBase62(20)}`;
  const name = requireName('client name', input.name);
  if (!clientIdPattern.test(id)) {
    throw new DomainError('invalid_input', 'client_id must be 3 to 100 of A-Z a-z 0-9 . _ ~ -');
  }
  if (grants.length === 0) {
    throw new DomainError(
      'invalid_input',
      input.grantTypes === undefined
        ? `a ${type} client needs its grant types named: none is given by default`
        : 'a client needs at least one grant type',
    );
  }
  for (const [index, grant] of grants.entries()) {
    // A list that repeats a grant was not written with care; refused rather than guessed at.
    if (grants.indexOf(grant) !== index) {
      throw new DomainError('invalid_input', `grant type ${grant} is listed more than once`);
    }
    const rule = known.get(grant);
    if (rule === undefined) {
      throw new DomainError('invalid_input', `unknown grant type: ${grant}`);
    }
    if (type === 'public' && !rule.publicClients) {
      throw new DomainError('invalid_input', `a public client cannot use the ${grant} grant`);
    }
  }
  const redirecting = grants.find((grant) => known.get(grant)?.redirects === true);
  if (redirecting !== undefined && redirectUris.length === 0) {
    throw new DomainError('invalid_input', `the ${redirecting} grant needs a redirect URI`);
  }
  const pkceRequired = input.pkceRequired ?? true;
  if (type === 'public' && !pkceRequired) {
    throw new DomainError('invalid_input', 'a public client must use PKCE (RFC 9700 §2.1.1)');
  }
  const install = input.install === true;
  if (install && type === 'public') {
    throw new DomainError('invalid_input', 'an install client must be confidential');
  }
  if (install && redirectUris.length === 0) {
    throw new DomainError('invalid_input', 'an install client needs a redirect URI');
  }
  const badScope = scopes.find((scope) => !isScopeToken(scope));
  if (badScope !== undefined) throw new DomainError('invalid_input', `invalid scope: ${badScope}`);
  for (const uri of redirectUris) checkRedirectUri(uri);
  const ttl = input.accessTokenTtl ?? null;
  if (ttl !== null && (!Number.isInteger(ttl) || ttl < 1 || ttl > maxAccessTokenTtl)) {
    throw new DomainError(
      'invalid_input',
      `access_token_ttl must be 1 to ${maxAccessTokenTtl} seconds`,
    );
  }
  return {
    id,
    org_id: input.orgId,
    name,
    type,
    secret_hash: null,
    grant_types: joinList(grants),
    scopes: joinList([...new Set(scopes)]),
    redirect_uris: joinList(redirectUris),
    access_token_ttl: ttl,
    created_at: now,
    revoked_at: null,
    platform: input.platform === true ? 1 : 0,
    pkce_required: pkceRequired ? 1 : 0,
    install: install ? 1 : 0,
  };
}

/**
 * A stored client, with the grants it was registered with: one the token endpoint does not
 * serve (any more, or yet) is listed, and refused there as `unsupported_grant_type`.
 */
function clientOf(row: Database['clients']): Client {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    type: row.type === 'public' ? 'public' : 'confidential',
    grantTypes: splitList(row.grant_types),
    scopes: splitList(row.scopes),
    redirectUris: splitList(row.redirect_uris),
    accessTokenTtl: row.access_token_ttl,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    platform: row.platform === 1,
    pkceRequired: row.pkce_required === 1,
    install: row.install === 1,
  };
}
