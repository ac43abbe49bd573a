import type { Authenticator, AuthenticateOptions } from '../../src/gateway/authenticate.js';
import type { Principal } from '../../src/gateway/principal.js';
import { parseBearer } from '../../src/http/bearer.js';
import type { IntegrationService } from '../../src/integrations/service.js';
import { looksLikeJwt } from '../../src/oauth/access-tokens.js';
import type { Services } from '../../src/services.js';

/**
 * The reference "authentication switched off", for the bench server process only: the same
 * services with the credential checks replaced by ones that answer the principal the real
 * check gave for that credential the first time it was seen. Every later request skips the
 * check (no hash, no lookup, no signature) and runs the same routes, hooks and handlers on
 * the same store. Access tokens are remembered per audience rather than per token, so that a
 * stream of first-seen tokens is not checked either. The product never builds this.
 */
export function authenticationOff(services: Services): Services {
  return {
    ...services,
    authenticator: rememberingAuthenticator(services.authenticator),
    integrations: rememberingIntegrations(services.integrations),
  };
}

function remembered<T>() {
  // A handful of entries: one per credential the bench presents, one per audience for tokens.
  const seen = new Map<string, T>();
  return async (key: string, run: () => Promise<T>): Promise<T> => {
    const known = seen.get(key);
    if (known !== undefined) return known;
    const value = await run();
    seen.set(key, value);
    return value;
  };
}

function rememberingAuthenticator(real: Authenticator): Authenticator {
  const once = remembered<Principal>();
  const authenticate = (bearer: string, options?: AuthenticateOptions): Promise<Principal> =>
    once(looksLikeJwt(bearer) ? `token for ${options?.audience ?? 'native'}` : bearer, () =>
      real.authenticate(bearer, options),
    );
  return {
    authenticate,
    async fromHeader(authorization, options) {
      const bearer = parseBearer(authorization);
      if (bearer === undefined) return real.fromHeader(authorization, options);
      return authenticate(bearer, options);
    },
  };
}

function rememberingIntegrations(real: IntegrationService): IntegrationService {
  const once = remembered<Awaited<ReturnType<IntegrationService['authenticate']>>>();
  return {
    ...real,
    authenticate: (secret, integrationId) =>
      once(`${secret} ${integrationId}`, () => real.authenticate(secret, integrationId)),
  };
}
