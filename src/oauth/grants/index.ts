import type { GrantTypeRule } from '../../clients/service.js';
import * as authorizationCode from './authorization_code.js';
import * as clientCredentials from './client_credentials.js';
import * as password from './password.js';
import * as refreshToken from './refresh_token.js';
import * as tokenExchange from './token_exchange.js';
import type { GrantModule } from './types.js';

/** Every grant the token endpoint dispatches to, by grant_type. */
export const grants: readonly GrantModule[] = [
  authorizationCode,
  clientCredentials,
  password,
  refreshToken,
  tokenExchange,
];

export function findGrant(grantType: string): GrantModule | undefined {
  return grants.find((grant) => grant.grantType === grantType);
}

/**
 * The grant types a client may be registered with, whether a public client may use each, and
 * whether it needs a redirect URI: exactly those the token endpoint serves. The composition
 * root hands this list to the clients service; the management API and `gatehouse clients
 * create --grant` offer it as choices.
 */
export const grantTypeRules: readonly GrantTypeRule[] = grants.map(
  ({ grantType, publicClients, byDefault = false, redirects = false }) => ({
    grantType,
    publicClients,
    byDefault,
    redirects,
  }),
);

export const grantTypes: readonly string[] = grantTypeRules.map((rule) => rule.grantType);
