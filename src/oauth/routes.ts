import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { errorHandler } from '../http/error-handler.js';
import { browserPaths, renderBrowserFailure } from '../sessions/routes.js';
import { owns } from '../surfaces/wire.js';
import { WireError } from '../http/wire-error.js';
import type { AccessTokenService } from './access-tokens.js';
import { preflight, withCors } from './cors.js';
import { formBody, requireForm } from './form.js';
import type { GrantDeps } from './grants/types.js';
import { renderOAuthError } from './http-errors.js';
import { createIntrospectionEndpoint } from './introspection.js';
import { createRevocationEndpoint } from './revocation.js';
import { introspectionResponses, revocationResponses, tokenResponses } from './schemas.js';
import { createTokenEndpoint } from './token-endpoint.js';
import { userinfoRoutes } from './userinfo.js';

type Form = { Body: Record<string, string> };

export type OAuthDeps = GrantDeps & {
  accessTokens: AccessTokenService;
  issuedAudiences: readonly string[];
  config: Config;
};

/**
 * The native OAuth 2.0 endpoints under /oauth, all form-encoded, all speaking RFC 6749 §5.2;
 * and userinfo (OpenID Connect Core §5.3), a Bearer-protected resource with RFC 6750's errors.
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthDeps) {
  await app.register(formbody);
  app.setErrorHandler(errorHandler(renderOAuthError));
  // The authorization endpoint under /oauth is a browser page (sessions/routes.ts): what
  // misses it is answered as a page too.
  app.setNotFoundHandler((request, reply) =>
    (owns({ owns: browserPaths }, request.url) ? renderBrowserFailure : renderOAuthError)(
      new WireError('not_found', 404, `no endpoint ${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    ),
  );
  const body = formBody;
  const preValidation = requireForm;
  app.post<Form>(
    '/token',
    { schema: { body, response: tokenResponses }, preValidation, onSend: withCors },
    createTokenEndpoint(deps),
  );
  app.post<Form>(
    '/introspect',
    { schema: { body, response: introspectionResponses }, preValidation },
    createIntrospectionEndpoint(deps),
  );
  app.post<Form>(
    '/revoke',
    { schema: { body, response: revocationResponses }, preValidation, onSend: withCors },
    createRevocationEndpoint(deps),
  );
  // What a browser app calls from its own origin (cors.ts).
  preflight(app, '/token', ['POST']);
  preflight(app, '/revoke', ['POST']);
  preflight(app, '/userinfo', ['GET', 'POST']);
  // Its own options, not `deps`: those carry this plugin's prefix, which it inherits anyway.
  const { accessTokens, users, config } = deps;
  await app.register(userinfoRoutes, { accessTokens, users, config });
}
