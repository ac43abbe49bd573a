import { sql } from 'kysely';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { SecretHasher } from '../lib/hash.js';
import { joinList, splitList } from '../lib/lists.js';
import { randomBase62 } from '../lib/random.js';
import type { Db } from '../store/database.js';
import type { DenyList } from './deny-list.js';
import {
  isCodeChallenge,
  isPkceMethod,
  requireWellFormedVerifier,
  verifierMatches,
} from './pkce.js';
import type { RefreshTokenService } from './refresh-tokens.js';

/**
 * Authorization codes (RFC 6749 §4.1) with PKCE (RFC 7636, S256 only: oauth/pkce.ts): the
 * store side of issuing a code at the authorization endpoint and redeeming it in the
 * authorization_code grant (authorize/issue.ts, oauth/grants/authorization_code.ts).
 *
 * Redeeming checks everything first and then spends the code by one conditional UPDATE
 * (house rule 5), so of any number of concurrent redemptions exactly one proceeds. A code
 * presented by another client or with another redirect URI (RFC 6749 §4.1.3), without the
 * verifier its challenge needs or with a wrong one (RFC 7636 §4.6), or with a verifier though
 * it has no challenge (RFC 9700 §4.8.2) is refused and NOT spent: whoever presents it that
 * way proves no hold on it, and spending it would let anyone who saw a code in transit deny
 * its rightful client the tokens. PKCE and the client binding, not burning the code, are what
 * keep an injected code from being redeemed (RFC 9700 §4.5), as a refused refresh request
 * keeps its token (oauth/refresh-tokens.ts). Only a presentation that passes every binding
 * counts: a spent code presented again that way is a replay, refused, and everything issued
 * from it is revoked (RFC 6749 §4.1.2, §10.5), expired or not. A replay seen before
 * `recordIssued` is remembered, so that recording revokes what the winner was just issued.
 */
export interface AuthorizationCodeService {
  /** A new code, returned once; it can be redeemed for `authorizationCodeTtl` seconds. */
  issue(input: {
    clientId: string;
    redirectUri: string;
    userId: string;
    orgId: string;
    scopes: string[];
    codeChallenge?: string;
    codeChallengeMethod?: string;
    nonce?: string;
    authTime: number;
  }): Promise<string>;
  /** Spends a code, or throws credential_invalid (invalid_input for a malformed verifier). */
  redeem(
    code: string,
    request: { clientId: string; redirectUri: string; codeVerifier?: string },
  ): Promise<AuthorizationCodeGrant>;
  /**
   * Withdraws what a person's consent gave a client in one org: codes not yet redeemed are
   * spent (a later redemption is refused), and access tokens recorded on redeemed codes are
   * refused at once, including those of a client without refresh tokens, which belong to no
   * refresh family (its families are revoked by refreshTokens.revokeFamiliesFor).
   */
  withdraw(holder: { userId: string; clientId: string; orgId: string }): Promise<void>;
  /** Keeps what a redemption issued on the code's row, so that a replay can revoke it. */
  recordIssued(
    code: string,
    issued: { accessJti: string; accessExpiresAt: number; refreshFamilyId?: string },
  ): Promise<void>;
}

/** What a redeemed code grants. */
export interface AuthorizationCodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  orgId: string;
  scopes: string[];
  /** The OpenID Connect nonce of the authorization request, for the ID token. */
  nonce: string | null;
  /** When the person signed in (seconds), for the ID token's auth_time. */
  authTime: number;
  /** Whether the code was bound to a PKCE challenge (and so its verifier was checked). */
  pkce: boolean;
}

/** RFC 6749 §4.1.2: a maximum lifetime of 10 minutes is recommended; a minute is plenty. */
export const authorizationCodeTtl = 60;

export const authorizationCodePrefix = 'gha_';
// 43 base62 characters are about 256 bits; anything else is no code of ours.
const codeLength = 43;
const codeShape = new RegExp(`^${authorizationCodePrefix}[0-9A-Za-z]{${codeLength}}$`);

export function createAuthorizationCodeService({
  db,
  clock,
  hasher,
  denyList,
  refreshTokens,
}: {
  db: Db;
  clock: Clock;
  hasher: SecretHasher;
  denyList: Pick<DenyList, 'revoke'>;
  refreshTokens: Pick<RefreshTokenService, 'revokeFamily'>;
}): AuthorizationCodeService {
  const refused = () =>
    new DomainError('credential_invalid', 'the authorization code is invalid, expired or used');

  async function revokeIssued(issued: {
    access_jti: string | null;
    access_expires_at: number | null;
    refresh_family_id: string | null;
  }): Promise<void> {
    const { access_jti: jti, access_expires_at: expiresAt } = issued;
    if (jti !== null && expiresAt !== null && expiresAt > clock.now()) {
      await denyList.revoke(jti, expiresAt);
    }
    if (issued.refresh_family_id !== null) {
      await refreshTokens.revokeFamily(issued.refresh_family_id);
    }
  }

  /** Marks the replay first, so that tokens recorded after this read are revoked by recordIssued. */
  async function replayed(codeHash: string): Promise<never> {
    await db
      .updateTable('authorization_codes')
      .set({ replayed_at: clock.now() })
      .where('code_hash', '=', codeHash)
      .where('replayed_at', 'is', null)
      .execute();
    const issued = await db
      .selectFrom('authorization_codes')
      .select(['access_jti', 'access_expires_at', 'refresh_family_id'])
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    if (issued !== undefined) await revokeIssued(issued);
    throw refused();
  }

  return {
    async issue(input) {
      const { codeChallenge, codeChallengeMethod } = input;
      if (codeChallenge === undefined && codeChallengeMethod !== undefined) {
        throw new DomainError('invalid_input', 'code_challenge_method without code_challenge');
      }
      // RFC 7636 §4.3: a challenge without a method is `plain`, which is refused too.
      if (codeChallenge !== undefined && !isPkceMethod(codeChallengeMethod ?? 'plain')) {
        throw new DomainError('invalid_input', 'code_challenge_method must be S256');
      }
      if (codeChallenge !== undefined && !isCodeChallenge(codeChallenge)) {
        throw new DomainError(
          'invalid_input',
          'code_challenge must be 43 base64url characters (an S256 digest)',
        );
      }
      const now = clock.now();
      const code = authorizationCodePrefix + randomBase62(codeLength);
      await db
        .insertInto('authorization_codes')
        .values({
          code_hash: hasher.hash(code),
          client_id: input.clientId,
          redirect_uri: input.redirectUri,
          user_id: input.userId,
          org_id: input.orgId,
          scope: joinList(input.scopes),
          code_challenge: codeChallenge ?? null,
          nonce: input.nonce ?? null,
          auth_time: input.authTime,
          created_at: now,
          expires_at: now + authorizationCodeTtl,
          used_at: null,
          replayed_at: null,
          access_jti: null,
          access_expires_at: null,
          refresh_family_id: null,
        })
        .execute();
      return code;
    },

    async redeem(code, { clientId, redirectUri, codeVerifier }) {
      requireWellFormedVerifier(codeVerifier);
      if (!codeShape.test(code)) throw refused();
      const codeHash = hasher.hash(code);
      const row = await db
        .selectFrom('authorization_codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      if (row === undefined || row.client_id !== clientId || row.redirect_uri !== redirectUri) {
        throw refused();
      }
      const proven =
        row.code_challenge === null
          ? codeVerifier === undefined
          : codeVerifier !== undefined && verifierMatches(codeVerifier, row.code_challenge);
      if (!proven) throw refused();
      if (row.used_at !== null) return replayed(codeHash);
      const now = clock.now();
      if (row.expires_at <= now) throw refused();
      // The one statement that spends the code: only the caller whose UPDATE changed the row
      // goes on. A loser of a race presented a spent code: that is a replay too.
      const spent = await db
        .updateTable('authorization_codes')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) === 0) return replayed(codeHash);
      return {
        clientId: row.client_id,
        redirectUri: row.redirect_uri,
        userId: row.user_id,
        orgId: row.org_id,
        scopes: splitList(row.scope),
        nonce: row.nonce,
        authTime: row.auth_time,
        pkce: row.code_challenge !== null,
      };
    },

    async withdraw({ userId, clientId, orgId }) {
      const now = clock.now();
      // Every code of the holder is spent, and marked as a replay is: a redemption under way
      // records its tokens after this, and recordIssued then revokes them.
      const held = await db
        .updateTable('authorization_codes')
        .set({
          used_at: sql<number>`coalesce(used_at, ${now})`,
          replayed_at: sql<number>`coalesce(replayed_at, ${now})`,
        })
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .where('org_id', '=', orgId)
        .returning(['access_jti', 'access_expires_at', 'refresh_family_id'])
        .execute();
      for (const issued of held) await revokeIssued(issued);
    },

    async recordIssued(code, { accessJti, accessExpiresAt, refreshFamilyId }) {
      const recorded = await db
        .updateTable('authorization_codes')
        .set({
          access_jti: accessJti,
          access_expires_at: accessExpiresAt,
          refresh_family_id: refreshFamilyId ?? null,
        })
        .where('code_hash', '=', hasher.hash(code))
        .where('used_at', 'is not', null)
        .where('access_jti', 'is', null)
        .returning(['replayed_at', 'access_jti', 'access_expires_at', 'refresh_family_id'])
        .executeTakeFirst();
      if (recorded === undefined) {
        throw new DomainError('internal', 'issued tokens are recorded once, for a redeemed code');
      }
      if (recorded.replayed_at !== null) await revokeIssued(recorded);
    },
  };
}
