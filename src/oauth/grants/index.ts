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
 * The grant types a client may be registered with, and whether a public client may use each:
 * exactly those the token endpoint serves (so `authorization_code` waits for the
 * authorization endpoint and its grant). The composition root hands this list to the clients
 * service; the management API and `gatehouse clients create --grant` offer it as choices.
 */
export const grantTypeRules: readonly GrantTypeRule[] = grants.map(
  ({ grantType, publicClients, byDefault = false }) => ({ grantType, publicClients, byDefault }),
);

export const grantTypes: readonly string[] = grantTypeRules.map((rule) => rule.grantType);
