import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../errors.js';
import type { Services } from '../../services.js';
import { refuseOtherMethods, type HttpMethod } from '../wire.js';
import { apiKeyRoutes } from './api-keys.js';
import { requireCredential } from './authenticate.js';
import { blueprintRoutes } from './blueprints.js';
import { flowRoutes } from './flows.js';
import { loginRoutes } from './login.js';
import { logoutRoutes } from './logout.js';
import { userRoutes } from './user.js';

/** The methods each path answers; any other is 405 with an Allow header (RFC 9110 §15.5.6). */
const paths: Record<string, readonly HttpMethod[]> = {
  '/fabric/api/login': ['POST'],
  '/fabric/api/logout': ['POST'],
  '/fabric/api/user': ['GET'],
  '/fabric/api/flows': ['GET'],
  '/fabric/api/blueprints': ['GET', 'POST'],
  '/fabric/api/api-keys': ['GET', 'POST'],
  '/fabric/api/api-keys/:id': ['DELETE'],
};

/**
 * The Patchworks-style surface (docs/patchworks.md):
 * a login that gives a short-lived token, a logout that revokes it, and API keys in
 * `Authorization` as is or after `Bearer `. Errors are `{"type": code}`.
 */
export async function patchworksRoutes(app: FastifyInstance, services: Services) {
  await app.register(loginRoutes, services);
  // Sign-out takes a token that may already be dead, so it is outside the credential check.
  await app.register(logoutRoutes, services);

  // Every other route needs a key or a token, counted against the company's usage limit.
  await app.register(async (authenticated) => {
    requireCredential(authenticated, services);
    await authenticated.register(userRoutes, services);
    await authenticated.register(flowRoutes, services);
    await authenticated.register(blueprintRoutes, services);
    await authenticated.register(apiKeyRoutes, services);
  });

  for (const [url, allowed] of Object.entries(paths)) refuseOtherMethods(app, url, allowed);
  // Unknown paths of the surface answer in its own format, not the management API's.
  app.all('/fabric/*', async (request) => {
    throw new DomainError(
      'not_found',
      `no route for ${request.method} ${request.url.split('?')[0]}`,
    );
  });
}
