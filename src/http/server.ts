import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { managementRoutes, sendManagementError } from '../management/routes.js';
import { discoveryRoutes } from '../oauth/discovery.js';
import { oauthRoutes } from '../oauth/routes.js';
import { sandboxRoutes } from '../sandbox/routes.js';
import type { Services } from '../services.js';
import { partiumRoutes } from '../surfaces/partium/routes.js';
import { partlyRoutes } from '../surfaces/partly/routes.js';
import { partnerRoutes } from '../surfaces/partner/routes.js';
import { patchworksRoutes } from '../surfaces/patchworks/routes.js';
import { isSurfacePath, sendTypeError } from '../surfaces/wire.js';
import { AppError } from '../errors.js';
import { toAppError } from './errors.js';
import { trustProxyOption } from './trust-proxy.js';
import { refuseNulBytes } from './nul-bytes.js';
import { homeRoutes } from './home.js';

const surfaceRoutes = {
  partly: partlyRoutes,
  partium: partiumRoutes,
  patchworks: patchworksRoutes,
  partner: partnerRoutes,
} as const;

const nosniff = ['x-content-type-options', 'nosniff'] as const;

/** Requests carry credentials and small JSON documents; nothing legitimate is larger. */
export const bodyLimit = 64 * 1024;

/** Builds the HTTP server with every surface mounted; it does not listen. */
export async function buildServer(services: Services, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit,
    trustProxy: trustProxyOption(services.config.trustProxy),
    // Ajv: strip nothing silently; report the first error.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // The router refuses a malformed or overlong path parameter before any route (or hook)
    // runs, so this answer sets the header the onSend hook below sets on every other one.
    frameworkErrors: (error, request, reply) =>
      sendError(toAppError(error), request.url, reply.header(...nosniff)),
  });
  // Answers given outside any route are rendered as the surface the path belongs to
  // would render them (`{type}`), and as /v1 does (`{type, message}`) everywhere else.
  const sendError = (error: AppError, url: string, reply: FastifyReply) =>
    isSurfacePath(url, services.config.surfaces)
      ? sendTypeError(error, reply)
      : sendManagementError(error, reply);

  // No response is ever sniffed into another type: JSON that echoes input stays JSON.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(...nosniff);
    return payload;
  });
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendError(appError, request.url, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      new AppError('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`),
      request.url,
      reply,
    ),
  );

  // Before any route is registered, so that every route inherits it.
  refuseNulBytes(app);

  await app.register(discoveryRoutes, { config: services.config, keys: services.keys });
  await app.register(oauthRoutes, { ...services, prefix: '/oauth' });
  await app.register(managementRoutes, services);
  for (const name of services.config.surfaces) await app.register(surfaceRoutes[name], services);
  if (services.config.sandbox) await app.register(sandboxRoutes, services);
  else await app.register(homeRoutes, services);
  return app;
}
