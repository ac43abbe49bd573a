import type { ExpressionBuilder } from 'kysely';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { SecretHasher } from '../lib/hash.js';
import { joinList, splitList } from '../lib/lists.js';
import { newId, randomToken } from '../lib/random.js';
import type { Db, Executor } from '../store/database.js';
import type { Database } from '../store/schema.js';
import type { SubjectType } from './access-tokens.js';
import type { DenyList } from './deny-list.js';
import { createRefreshFamilies, type RefreshFamilies } from './refresh-families.js';

/** The grant a refresh token carries forward. */
export interface RefreshGrant {
  familyId: string;
  clientId: string;
  orgId: string;
  subjectType: SubjectType;
  subjectId: string;
  scopes: string[];
  expiresAt: number;
  createdAt: number;
}

/**
 * A family is started without a token to spend, and continued only by spending its live
 * token (rotation, RFC 9700 §4.14.2): no token is ever added to a family otherwise.
 */
export type FamilyStep =
  { familyId?: undefined; spends?: undefined } | { familyId: string; spends: string };

export interface RefreshTokenService extends RefreshFamilies {
  /**
   * Starts a family, or rotates one: spends the live token `spends` of `familyId` and of
   * `clientId` (RFC 6749 §6) with one conditional statement, so that of racing copies at
   * most one is spent, and stores its successor in the same commit: a spent token always has
   * its successor (a crash in between loses neither), and a rotation costs the store one
   * commit. A token that cannot be spent is refused as `refuse` refuses it (a spent one
   * revokes its family), and nothing is stored. Check the request first: a refused request
   * must not cost the caller their token. Returns the new opaque token.
   */
  issue(
    input: FamilyStep & {
      clientId: string;
      orgId: string;
      subjectType: SubjectType;
      subjectId: string;
      scopes: string[];
      accessJti: string;
      accessExpiresAt: number;
      /** The token expires at this time if that comes before the refresh TTL is up. */
      notAfter?: number | null;
    },
  ): Promise<{ token: string; familyId: string }>;
  /**
   * Throws credential_invalid for a token that is not a live token of `clientId`. A spent token
   * presented again by its client means someone holds a copy: its whole family is revoked
   * first (RFC 9700 §4.14.2).
   */
  refuse(token: string, clientId: string): Promise<never>;
  /**
   * The grant of a token that is unspent and unexpired, of a family and a client that are not
   * revoked, without spending it. Whether its subject still stands is refresh-standing.ts's.
   */
  find(token: string): Promise<RefreshGrant | undefined>;
  /**
   * The family a token of `clientId` belongs to, spent or not, for a sign-out that ends it
   * (holding any token of a family already lets one end it, by a replay).
   */
  familyOf(token: string, clientId: string): Promise<string | undefined>;
}

export const refreshTokenPrefix = 'ghr_';

/** Anything else is no refresh token of ours, refused without a store hit. */
function isWellFormed(token: string): boolean {
  return token.startsWith(refreshTokenPrefix) && token.length <= 200;
}

export function createRefreshTokenService({
  db,
  clock,
  hasher,
  denyList,
  ttl,
}: {
  db: Db;
  clock: Clock;
  hasher: SecretHasher;
  denyList: DenyList;
  ttl: number;
}): RefreshTokenService {
  const families = createRefreshFamilies({ db, clock, denyList });
  const invalidGrant = () =>
    new DomainError('credential_invalid', 'the refresh token is invalid, expired or revoked');

  /**
   * The family's client is not revoked: one lookup of the client by its key. A surface's own
   * client is not a row in the store, and is never revoked.
   */
  const clientStands = ({
    not,
    exists,
    selectFrom,
  }: ExpressionBuilder<Database, 'refresh_families'>) =>
    not(
      exists(
        selectFrom('clients')
          .select('clients.id')
          .whereRef('clients.id', '=', 'refresh_families.client_id')
          .where('clients.revoked_at', 'is not', null),
      ),
    );

  /**
   * Spends a live token of `familyId` and `clientId` with one conditional statement: of any
   * number of concurrent requests, at most one changes the row (the single-use rule of
   * docs/architecture.md). Whether this call spent it.
   */
  async function spend(
    executor: Executor,
    token: string,
    familyId: string,
    clientId: string,
  ): Promise<boolean> {
    const now = clock.now();
    const spent = await executor
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hasher.hash(token))
      .where('family_id', '=', familyId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      // Its family is `clientId`'s, and neither it nor its client is revoked: both looked up
      // by key (as `family_id IN (SELECT ...)`, SQLite listed every live family of the client
      // on each rotation).
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('refresh_families')
            .select('refresh_families.id')
            .where('refresh_families.id', '=', familyId)
            .where('refresh_families.client_id', '=', clientId)
            .where('refresh_families.revoked_at', 'is', null)
            .where(clientStands),
        ),
      )
      .executeTakeFirst();
    return Number(spent.numUpdatedRows) > 0;
  }

  async function refuse(token: string, clientId: string): Promise<never> {
    if (isWellFormed(token)) {
      const found = await db
        .selectFrom('refresh_tokens')
        .innerJoin('refresh_families', 'refresh_families.id', 'refresh_tokens.family_id')
        .select(['refresh_tokens.used_at', 'refresh_families.id', 'refresh_families.client_id'])
        .where('refresh_tokens.token_hash', '=', hasher.hash(token))
        .executeTakeFirst();
      // Replay of a spent token: someone holds a copy. Revoke the family (RFC 9700 §4.14.2).
      if (found !== undefined && found.client_id === clientId && found.used_at !== null) {
        await families.revokeFamily(found.id);
      }
    }
    throw invalidGrant();
  }

  return {
    ...families,
    async issue(input) {
      const now = clock.now();
      const familyId = input.familyId ?? newId('rf');
      const token = refreshTokenPrefix + randomToken(32);
      const tokenRow = {
        id: newId('rt'),
        family_id: familyId,
        token_hash: hasher.hash(token),
        scope: joinList(input.scopes),
        access_jti: input.accessJti,
        access_expires_at: input.accessExpiresAt,
        created_at: now,
        expires_at: Math.min(now + ttl, input.notAfter ?? Number.POSITIVE_INFINITY),
        used_at: null,
      };
      const { spends } = input;
      if (spends !== undefined && !isWellFormed(spends)) return refuse(spends, input.clientId);
      // One commit (one sync to disk on SQLite): a rotation spends its token as it stores the
      // successor, and a new family is stored with its first token, never one without the other.
      const stored = await db.transaction().execute(async (trx) => {
        if (spends !== undefined) {
          if (!(await spend(trx, spends, familyId, input.clientId))) return false;
        } else {
          await trx
            .insertInto('refresh_families')
            .values({
              id: familyId,
              client_id: input.clientId,
              org_id: input.orgId,
              subject_type: input.subjectType,
              subject_id: input.subjectId,
              created_at: now,
              revoked_at: null,
            })
            .execute();
        }
        await trx.insertInto('refresh_tokens').values(tokenRow).execute();
        return true;
      });
      if (!stored && spends !== undefined) return refuse(spends, input.clientId);
      return { token, familyId };
    },

    refuse,

    async find(token) {
      if (!isWellFormed(token)) return undefined;
      const row = await db
        .selectFrom('refresh_tokens')
        .innerJoin('refresh_families', 'refresh_families.id', 'refresh_tokens.family_id')
        .select([
          'refresh_families.id as family_id',
          'refresh_families.client_id',
          'refresh_families.org_id',
          'refresh_families.subject_type',
          'refresh_families.subject_id',
          'refresh_tokens.scope',
          'refresh_tokens.expires_at',
          'refresh_tokens.created_at',
        ])
        .where('refresh_tokens.token_hash', '=', hasher.hash(token))
        .where('refresh_tokens.used_at', 'is', null)
        .where('refresh_tokens.expires_at', '>', clock.now())
        // Its family (joined above) and the family's client are not revoked.
        .where('refresh_families.revoked_at', 'is', null)
        .where(clientStands)
        .executeTakeFirst();
      return (
        row && {
          familyId: row.family_id,
          clientId: row.client_id,
          orgId: row.org_id,
          subjectType: row.subject_type as SubjectType,
          subjectId: row.subject_id,
          scopes: splitList(row.scope),
          expiresAt: row.expires_at,
          createdAt: row.created_at,
        }
      );
    },

    async familyOf(token, clientId) {
      if (!isWellFormed(token)) return undefined;
      const row = await db
        .selectFrom('refresh_tokens')
        .innerJoin('refresh_families', 'refresh_families.id', 'refresh_tokens.family_id')
        .select('refresh_families.id')
        .where('refresh_tokens.token_hash', '=', hasher.hash(token))
        .where('refresh_families.client_id', '=', clientId)
        .executeTakeFirst();
      return row?.id;
    },
  };
}
