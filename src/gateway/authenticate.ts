import type { ApiKeyService } from '../apikeys/service.js';
import { DomainError } from '../errors.js';
import { parseBearer } from '../http/bearer.js';
import { looksLikeJwt, type AccessTokenService } from '../oauth/access-tokens.js';
import type { Principal } from './principal.js';

/**
 * Which access tokens a resource takes: those issued for `audience` (RFC 9068 §4). The
 * native audience when absent (/v1, and surfaces that take tokens from /oauth/token); a
 * surface with a login of its own passes its own.
 */
export interface AuthenticateOptions {
  audience?: string;
}

export interface Authenticator {
  /** The principal of a bearer credential (an access token or an API key), else `credential_invalid`. */
  authenticate(bearer: string, options?: AuthenticateOptions): Promise<Principal>;
  /** The bearer credential of an Authorization header (RFC 6750 §2.1); refused when absent. */
  fromHeader(authorization: string | undefined, options?: AuthenticateOptions): Promise<Principal>;
}

const refused = (message: string) =>
  new DomainError('credential_invalid', message, { subject: 'bearer' });

export function createAuthenticator({
  accessTokens,
  apiKeys,
  nativeAudience,
}: {
  accessTokens: AccessTokenService;
  apiKeys: ApiKeyService;
  /** `config.audience`: what the native token endpoint issues for. */
  nativeAudience: string;
}): Authenticator {
  async function authenticate(
    bearer: string,
    { audience = nativeAudience }: AuthenticateOptions = {},
  ): Promise<Principal> {
    if (looksLikeJwt(bearer)) {
      // A token for another audience is as invalid here as a forged one. Only a refused
      // token is refused (`credential_invalid`): a store that fails while the key is looked
      // up is a 500.
      const claims = await accessTokens.verify(bearer, audience);
      return {
        orgId: claims.orgId,
        subject: { type: claims.subType, id: claims.sub },
        role: claims.role,
        scopes: claims.scopes,
        credential: { type: 'access_token', id: claims.jti, expiresAt: claims.exp },
        clientId: claims.clientId,
      };
    }
    const key = await apiKeys.verify(bearer);
    if (key === undefined) throw refused('the API key is invalid, expired or revoked');
    return {
      orgId: key.orgId,
      subject: { type: 'api_key', id: key.id },
      role: key.role,
      scopes: key.scopes,
      credential: { type: 'api_key', id: key.id, expiresAt: key.expiresAt },
      clientId: null,
    };
  }

  return {
    authenticate,
    async fromHeader(authorization, options) {
      const bearer = parseBearer(authorization);
      if (bearer === undefined) throw refused('a Bearer credential is required');
      return authenticate(bearer, options);
    },
  };
}
