import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';
import { renderManagementError } from '../management/errors.js';
import { managementRoutes } from '../management/routes.js';
import { discoveryRoutes } from '../oauth/discovery.js';
import { oauthRoutes } from '../oauth/routes.js';
import { sandboxRoutes } from '../sandbox/routes.js';
import type { Services } from '../services.js';
import { mountSurface, surfaceOwning, surfaces } from '../surfaces/index.js';
import { errorHandler, type Renderer } from './error-handler.js';
import { trustProxyOption } from './trust-proxy.js';
import { refuseNulBytes } from './nul-bytes.js';
import { homeRoutes } from './home.js';
import { assetRoutes } from './assets.js';
import { browserPaths, browserRoutes, renderBrowserFailure } from '../sessions/routes.js';
import { owns } from '../surfaces/wire.js';
import { requestLogging } from './request-log.js';

const nosniff = ['x-content-type-options', 'nosniff'] as const;

/** Requests carry credentials and small JSON documents; nothing legitimate is larger. */
export const bodyLimit = 64 * 1024;

/** Builds the HTTP server with every surface mounted; it does not listen. */
export async function buildServer(services: Services, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    // One line per request (request-log.ts), not Fastify's two.
    ...requestLogging(logger),
    bodyLimit,
    trustProxy: trustProxyOption(services.config.trustProxy),
    // Ajv: strip nothing silently; report the first error.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // The router refuses a malformed or overlong path parameter before any route (or hook)
    // runs, so this answer sets the header the onRequest hook below sets on every other one.
    frameworkErrors: (error, request, reply) =>
      errorHandler(render)(error, request, reply.header(...nosniff)),
  });
  // Answers given outside any route are rendered by the mounted surface that owns the path,
  // and as /v1 does (`{type, message}`) everywhere else.
  const render: Renderer = (failure, request, reply) =>
    (owns({ owns: browserPaths }, request.url)
      ? renderBrowserFailure
      : (surfaceOwning(request.url, services.config.surfaces)?.render ?? renderManagementError))(
      failure,
      request,
      reply,
    );

  // No response is ever sniffed into another type: JSON that echoes input stays JSON. Set as
  // the request arrives, the header stays on whatever answers it, errors included (the error
  // handlers add headers, they never clear them). A synchronous hook: no promise a request.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header(...nosniff);
    done();
  });
  app.setErrorHandler(errorHandler(render));
  app.setNotFoundHandler((request, reply) =>
    render(
      new DomainError('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    ),
  );

  // Before any route is registered, so that every route inherits it.
  refuseNulBytes(app);

  await app.register(discoveryRoutes, { config: services.config, keys: services.keys });
  await app.register(oauthRoutes, { ...services, prefix: '/oauth' });
  await app.register(managementRoutes, services);
  for (const name of services.config.surfaces) await mountSurface(app, surfaces[name], services);
  await app.register(assetRoutes);
  await app.register(browserRoutes, services);
  if (services.config.sandbox) await app.register(sandboxRoutes, services);
  else await app.register(homeRoutes, services);
  return app;
}
