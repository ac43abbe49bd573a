import { isCredentialInvalid } from '../errors.js';
import type { AccessTokenService } from './access-tokens.js';

/**
 * Sign-out of one access token: if `token` is valid for `audience`, it is revoked (the
 * deny-list refuses it from the next request on). A token that is expired, revoked or for
 * another audience has nothing left to end, so signing out twice is harmless; any other
 * failure (the store's) is not swallowed.
 */
export async function endAccessToken(
  accessTokens: Pick<AccessTokenService, 'verify' | 'revoke'>,
  token: string,
  audience: string,
): Promise<void> {
  const claims = await accessTokens.verify(token, audience).catch((error: unknown) => {
    if (isCredentialInvalid(error)) return undefined;
    throw error;
  });
  if (claims !== undefined) await accessTokens.revoke(claims);
}
