import { isCredentialInvalid } from '../errors.js';
import { looksLikeJwt, type AccessTokenClaims, type AccessTokenService } from './access-tokens.js';
import type { RefreshGrant } from './refresh-tokens.js';
import { refreshStanding, type StandingDeps } from './refresh-standing.js';

export type PresentedToken =
  | { kind: 'access_token'; claims: AccessTokenClaims }
  | { kind: 'refresh_token'; grant: RefreshGrant };

export type LookupDeps = StandingDeps & {
  accessTokens: AccessTokenService;
  /** Every audience the server issues for: any of its tokens is found. */
  issuedAudiences: readonly string[];
};

/**
 * The live token behind a string presented to introspection or revocation, whatever its
 * kind. The shapes differ (a JWT, an opaque `ghr_` string), so token_type_hint is not
 * needed to find it (RFC 7009 §2.1, RFC 7662 §2.1 allow ignoring it). A refresh token is
 * live by the same rule the refresh grant applies (refresh-standing.ts).
 */
export async function lookupToken(
  token: string,
  deps: LookupDeps,
  /**
   * Introspection asks whether the token is live, its subject included; revocation only
   * whether it can still be ended, so that a family whose user left the org is ended too and
   * cannot come back when the user is added again.
   */
  rule: 'live' | 'revocable' = 'live',
): Promise<PresentedToken | undefined> {
  if (looksLikeJwt(token)) {
    try {
      return {
        kind: 'access_token',
        claims: await deps.accessTokens.verify(token, deps.issuedAudiences),
      };
    } catch (error) {
      if (isCredentialInvalid(error)) return undefined;
      throw error;
    }
  }
  if (rule === 'revocable') {
    const grant = await deps.refreshTokens.find(token);
    return grant && { kind: 'refresh_token', grant };
  }
  const standing = await refreshStanding(token, deps);
  return standing.status === 'live' ? { kind: 'refresh_token', grant: standing.grant } : undefined;
}
