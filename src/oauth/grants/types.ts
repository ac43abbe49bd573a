import type { ApiKeyService } from '../../apikeys/service.js';
import type { Client, ClientService } from '../../clients/service.js';
import type { LoginService } from '../../users/login.js';
import type { UserService } from '../../users/service.js';
import type { AuthorizationCodeService } from '../authorization-codes.js';
import type { RefreshTokenService } from '../refresh-tokens.js';
import type { TokenIssuer, TokenResponse } from '../token-issuer.js';

export interface GrantRequest {
  client: Client;
  /** The form parameters, each present at most once (RFC 6749 §3.2). */
  params: Record<string, string>;
  /** The caller's address, for throttling. */
  address: string;
}

/** What the grants need of the core; the composition root provides it. */
export interface GrantDeps {
  issuer: TokenIssuer;
  users: UserService;
  logins: LoginService;
  apiKeys: ApiKeyService;
  clients: ClientService;
  refreshTokens: RefreshTokenService;
  authorizationCodes: AuthorizationCodeService;
}

/**
 * One grant: its type, the parameters it requires, whether a public client may use it, and
 * its handler (its resolution to a Grant, then issuing).
 */
export interface GrantModule {
  grantType: string;
  parameters: readonly string[];
  publicClients: boolean;
  /** Given to a client registered without a list of grants (one a public client may use). */
  byDefault?: boolean;
  /** Its codes are sent to a redirect URI, so a client with it registers at least one. */
  redirects?: boolean;
  handle(request: GrantRequest, deps: GrantDeps): Promise<TokenResponse>;
}
