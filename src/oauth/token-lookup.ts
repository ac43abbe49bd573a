import { isAppError } from '../errors.js';
import { looksLikeJwt, type AccessTokenClaims, type AccessTokenService } from './access-tokens.js';
import type { RefreshGrant, RefreshTokenService } from './refresh-tokens.js';

export type PresentedToken =
  | { kind: 'access_token'; claims: AccessTokenClaims }
  | { kind: 'refresh_token'; grant: RefreshGrant };

/**
 * The live token behind a string presented to introspection or revocation, whatever its
 * kind. The shapes differ (a JWT, an opaque `ghr_` string), so token_type_hint is not
 * needed to find it (RFC 7009 §2.1, RFC 7662 §2.1 allow ignoring it).
 */
export async function lookupToken(
  token: string,
  {
    accessTokens,
    refreshTokens,
    audiences,
  }: {
    accessTokens: AccessTokenService;
    refreshTokens: RefreshTokenService;
    /** Every audience the server issues for: any of its tokens is found. */
    audiences: readonly string[];
  },
): Promise<PresentedToken | undefined> {
  if (looksLikeJwt(token)) {
    try {
      return { kind: 'access_token', claims: await accessTokens.verify(token, audiences) };
    } catch (error) {
      if (isAppError(error)) return undefined;
      throw error;
    }
  }
  const grant = await refreshTokens.find(token);
  return grant && { kind: 'refresh_token', grant };
}
