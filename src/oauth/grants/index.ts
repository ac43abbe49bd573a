import type { GrantTypeRule } from '../../clients/service.js';
import * as clientCredentials from './client_credentials.js';
import * as password from './password.js';
import * as refreshToken from './refresh_token.js';
import * as tokenExchange from './token_exchange.js';
import type { GrantModule } from './types.js';

/** Every grant the token endpoint dispatches to, by grant_type. */
export const grants: readonly GrantModule[] = [
  clientCredentials,
  password,
  refreshToken,
  tokenExchange,
];

export function findGrant(grantType: string): GrantModule | undefined {
  return grants.find((grant) => grant.grantType === grantType);
}

/**
 * RFC 6749 §4.1, reserved for the authorization endpoint, which is not served yet: a client
 * may be registered with it, but the token endpoint answers it `unsupported_grant_type`.
 */
const authorizationCode: GrantTypeRule = { grantType: 'authorization_code', publicClients: true };

/**
 * The grant types a client may be registered with, and whether a public client may use each:
 * the composition root hands this list to the clients service, and the management API and
 * `gatehouse clients create --grant` offer it as their choices.
 */
export const grantTypeRules: readonly GrantTypeRule[] = [
  clientCredentials,
  password,
  refreshToken,
  authorizationCode,
  tokenExchange,
].map(({ grantType, publicClients }) => ({ grantType, publicClients }));

export const grantTypes: readonly string[] = grantTypeRules.map((rule) => rule.grantType);
