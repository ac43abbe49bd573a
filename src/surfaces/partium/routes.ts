import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { httpError } from '../../http/wire-error.js';
import { refuseOtherMethods } from '../wire.js';
import { apiKeyRoutes } from './api-keys.js';
import { authPaths, authRoutes } from './auth.js';
import { logoutPath, logoutRoutes } from './logout.js';
import { refreshPath, refreshRoutes } from './refresh.js';
import { searchPath, searchRoutes } from './search.js';

/**
 * The Partium-style surface (docs/partium.md): credentials are exchanged for tokens at
 * /auth, tokens are rotated at /auth/refresh and ended at /auth/logout, and a key or a token
 * searches its own org's parts at /1/find/search. Errors are `{"type": code}`.
 */
export async function partiumRoutes(app: FastifyInstance, services: Services) {
  acceptJsonOnly(app);
  authRoutes(app, services);
  refreshRoutes(app, services);
  logoutRoutes(app, services);
  searchRoutes(app, services);
  apiKeyRoutes(app, services);
  for (const url of [...authPaths, refreshPath, logoutPath, searchPath]) {
    refuseOtherMethods(app, url, ['POST']);
  }
}

/**
 * The surface speaks JSON only. An empty body counts as no body, whatever its content type,
 * so that `curl -X POST` with only an Authorization header (and `curl -d ''`) works; any
 * other non-empty body is 415.
 */
function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') done(null, undefined);
    else parseJson(request, String(body), done);
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') done(null, undefined);
    else done(httpError('unsupported_media_type', 'the body must be JSON'), undefined);
  });
}
