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
