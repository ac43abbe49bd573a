import { DomainError } from '../errors.js';
import type { Client } from '../clients/service.js';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { joinList } from '../lib/lists.js';
import type { Role } from '../orgs/roles.js';
import type { AccessTokenService, SubjectType } from './access-tokens.js';
import type { IdTokenService } from './id-tokens.js';
import { requireActsFor } from './grants/client-org.js';
import type { FamilyStep, RefreshTokenService } from './refresh-tokens.js';

/** RFC 6749 §5.1 successful response (plus RFC 8693 §2.2.1 issued_token_type). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  issued_token_type?: string;
  /** OpenID Connect Core §3.1.3.3: when the grant signed a person in to the client. */
  id_token?: string;
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
   * tokens keep the family's scope whatever this access token was narrowed to (RFC 6749 §6),
   * by spending its token `spends` in the same commit as the new one is stored (rotation, RFC
   * 9700 §4.14.2).
   */
  refresh: boolean | { familyId: string; scopes: string[]; spends: string };
  /** `aud` of the access token: the native audience unless a surface's own login issues it. */
  audience?: string;
  /**
   * The grant signs its person in to the client with OpenID Connect (the `openid` scope of an
   * authorization code): the response carries an ID token that reports this sign-in
   * (OpenID Connect Core §3.1.3.3). A refresh never sets it, so no ID token comes with a
   * refresh (§12.2 allows either).
   */
  idToken?: { nonce: string | null; authTime: number };
}

/** A token response, and what it issued, for a grant that must remember it. */
export interface IssuedTokens {
  response: TokenResponse;
  accessJti: string;
  accessExpiresAt: number;
  /** The refresh family the refresh token started or continued, if one was issued. */
  refreshFamilyId?: string;
}

export interface TokenIssuer {
  issue(grant: Grant): Promise<TokenResponse>;
  /**
   * As `issue`, and also the access token's jti and expiry and the refresh family: what an
   * authorization code records, so that its replay revokes them (RFC 6749 §4.1.2).
   */
  issueTokens(grant: Grant): Promise<IssuedTokens>;
}

export function createTokenIssuer({
  accessTokens,
  refreshTokens,
  idTokens,
  config,
  clock,
}: {
  accessTokens: AccessTokenService;
  refreshTokens: RefreshTokenService;
  idTokens: IdTokenService;
  config: Pick<Config, 'accessTokenTtl'>;
  clock: Clock;
}): TokenIssuer {
  /** The ID token of a grant that signs its person in (`signIn`), issued with `access`. */
  function idTokenOf(
    grant: Grant,
    signIn: NonNullable<Grant['idToken']>,
    access: { token: string; expiresAt: number },
  ): Promise<string> {
    return idTokens.issue({
      userId: grant.subjectId,
      clientId: grant.client.id,
      nonce: signIn.nonce,
      authTime: signIn.authTime,
      accessToken: access.token,
      expiresAt: access.expiresAt,
    });
  }

  async function issueTokens(grant: Grant): Promise<IssuedTokens> {
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
    const issued = { accessJti: access.jti, accessExpiresAt: access.expiresAt };
    if (grant.refresh === false) {
      if (grant.idToken) response.id_token = await idTokenOf(grant, grant.idToken, access);
      return { response, ...issued };
    }

    // Start a family, or rotate one: its token is spent as the successor is stored.
    const rotation = grant.refresh === true ? undefined : grant.refresh;
    const step: FamilyStep =
      rotation === undefined ? {} : { familyId: rotation.familyId, spends: rotation.spends };
    const refresh = await refreshTokens.issue({
      ...step,
      clientId: grant.client.id,
      orgId: grant.orgId,
      subjectType: grant.subjectType,
      subjectId: grant.subjectId,
      scopes: rotation === undefined ? grant.scopes : rotation.scopes,
      accessJti: access.jti,
      accessExpiresAt: access.expiresAt,
      notAfter,
    });
    // A replay of another of the family's tokens, or a sign-out ending the family, may revoke
    // it while this rotation commits: on PostgreSQL (read committed) it can list the family's
    // live access tokens before this commit and miss this one. It revoked the family before
    // it read them, so check once more. (On SQLite writes take turns: it cannot happen.)
    if (rotation !== undefined && (await refreshTokens.isFamilyRevoked(rotation.familyId))) {
      await accessTokens.revoke({ jti: access.jti, exp: access.expiresAt });
      throw new DomainError(
        'credential_invalid',
        'the refresh token is invalid, expired or revoked',
      );
    }
    response.refresh_token = refresh.token;
    if (grant.idToken) response.id_token = await idTokenOf(grant, grant.idToken, access);
    return {
      response,
      ...issued,
      refreshFamilyId: refresh.familyId,
    };
  }

  return {
    issueTokens,
    async issue(grant) {
      return (await issueTokens(grant)).response;
    },
  };
}
