import { DomainError } from '../errors.js';
import type { Client } from '../clients/service.js';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { joinList } from '../lib/lists.js';
import type { Role } from '../orgs/roles.js';
import type { AccessTokenService, SubjectType } from './access-tokens.js';
import { requireActsFor } from './grants/client-org.js';
import type { RefreshTokenService } from './refresh-tokens.js';

/** RFC 6749 §5.1 successful response (plus RFC 8693 §2.2.1 issued_token_type). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  issued_token_type?: string;
}

export interface Grant {
  client: Client;
  orgId: string;
  subjectType: SubjectType;
  subjectId: string;
  role: Role | null;
  scopes: string[];
  /**
   * No token of this grant lives past this time (seconds since the epoch): the expiry of the
   * API key it came from, so that a token never outlives its credential. Null: no bound.
   */
  notAfter?: number | null;
  /**
   * Issue a refresh token: start a family with `scopes` (true), or continue one, whose refresh
   * tokens keep the family's scope whatever this access token was narrowed to (RFC 6749 §6).
   */
  refresh: boolean | { familyId: string; scopes: string[] };
  /** `aud` of the access token: the native audience unless a surface's own login issues it. */
  audience?: string;
}

export interface TokenIssuer {
  issue(grant: Grant): Promise<TokenResponse>;
}

export function createTokenIssuer({
  accessTokens,
  refreshTokens,
  config,
  clock,
}: {
  accessTokens: AccessTokenService;
  refreshTokens: RefreshTokenService;
  config: Pick<Config, 'accessTokenTtl'>;
  clock: Clock;
}): TokenIssuer {
  return {
    async issue(grant) {
      // Whatever grant or surface built it, no token acts outside the client's orgs.
      requireActsFor(grant.client, grant.orgId, 'the client may not act for this organization');
      const notAfter = grant.notAfter ?? null;
      const now = clock.now();
      // The credential expired between its check and now: nothing may be issued from it.
      if (notAfter !== null && notAfter <= now) {
        throw new DomainError('credential_invalid', 'the credential behind this grant has expired');
      }
      const ttl = Math.min(
        grant.client.accessTokenTtl ?? config.accessTokenTtl,
        notAfter === null ? Number.POSITIVE_INFINITY : notAfter - now,
      );
      const access = await accessTokens.issue({
        sub: grant.subjectId,
        subType: grant.subjectType,
        clientId: grant.client.id,
        orgId: grant.orgId,
        scopes: grant.scopes,
        role: grant.role,
        ttl,
        notAfter,
        audience: grant.audience,
      });
      const response: TokenResponse = {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: ttl,
        ...(grant.scopes.length > 0 ? { scope: joinList(grant.scopes) } : {}),
      };
      if (grant.refresh === false) return response;

      const familyId = grant.refresh === true ? undefined : grant.refresh.familyId;
      const refresh = await refreshTokens.issue({
        ...(familyId === undefined ? {} : { familyId }),
        clientId: grant.client.id,
        orgId: grant.orgId,
        subjectType: grant.subjectType,
        subjectId: grant.subjectId,
        scopes: grant.refresh === true ? grant.scopes : grant.refresh.scopes,
        accessJti: access.jti,
        accessExpiresAt: access.expiresAt,
        notAfter,
      });
      // A concurrent replay may have revoked the family between the spend and this insert;
      // it saw the family revoked before it read the family's tokens, so check once more.
      if (familyId !== undefined && (await refreshTokens.isFamilyRevoked(familyId))) {
        await accessTokens.revoke({ jti: access.jti, exp: access.expiresAt });
        throw new DomainError(
          'credential_invalid',
          'the refresh token is invalid, expired or revoked',
        );
      }
      return { ...response, refresh_token: refresh.token };
    },
  };
}
