import { Type, type Static } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import { DomainError } from '../../errors.js';
import { surfaceAudience } from '../../oauth/audience.js';
import type { Grant, TokenIssuer, TokenResponse } from '../../oauth/token-issuer.js';
import { firstParty } from '../wire.js';

/** The client id of tokens this surface issues (the `client_id` claim; refresh families). */
export const partiumClientId = 'partium';

/** The client that this surface's grants are resolved for and its tokens issued to. */
export const partiumClient = firstParty(partiumClientId, { refresh: true });

/** The audience of tokens this surface issues: only this surface takes them. */
export const partiumAudience = (config: Pick<Config, 'publicUrl'>) =>
  surfaceAudience(config, 'partium');

/** What /auth and /auth/refresh answer (docs/partium.md). */
export const TokenPair = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});
export type TokenPair = Static<typeof TokenPair>;

/** The issuer's answer in the contract's shape: exactly these four fields. */
function toTokenPair(response: TokenResponse): TokenPair {
  if (response.refresh_token === undefined) {
    throw new DomainError('internal', 'the issuer returned no refresh token');
  }
  return {
    access_token: response.access_token,
    refresh_token: response.refresh_token,
    token_type: 'Bearer',
    expires_in: response.expires_in,
  };
}

/**
 * Issues a pair for this surface's audience. A grant withdrawn under our feet (a concurrent
 * replay revoked the family) is `credential_invalid`, which the surface answers
 * `unauthorized` as every bad credential.
 */
export async function issuePair(
  issuer: TokenIssuer,
  config: Pick<Config, 'publicUrl'>,
  grant: Grant,
): Promise<TokenPair> {
  return toTokenPair(await issuer.issue({ ...grant, audience: partiumAudience(config) }));
}
