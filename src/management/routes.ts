import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiKeyService } from '../apikeys/service.js';
import type { ClientService } from '../clients/service.js';
import type { AppError } from '../errors.js';
import type { Authenticator } from '../gateway/authenticate.js';
import { toAppError } from '../http/errors.js';
import type { OrgService } from '../orgs/service.js';
import type { UserService } from '../users/service.js';
import { managementAccess } from './access.js';
import { apiKeyRoutes } from './api-keys.js';
import { clientRoutes } from './clients.js';
import { ErrorBody, listOf, OrgView } from './schemas.js';

export interface ManagementDeps {
  authenticator: Authenticator;
  users: UserService;
  orgs: OrgService;
  apiKeys: ApiKeyService;
  clients: ClientService;
}

/** The management API, /v1: JSON in and out, errors as `{type, message}`. */
export async function managementRoutes(fastify: FastifyInstance, deps: ManagementDeps) {
  fastify.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendManagementError(appError, reply);
  });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const access = managementAccess(deps);

  app.get(
    '/v1/orgs',
    {
      onRequest: access.person,
      schema: { response: { 200: listOf(OrgView), 401: ErrorBody, 403: ErrorBody } },
    },
    async (request) => {
      const memberships = await deps.users.memberships(access.userOf(request));
      const data = [];
      for (const m of memberships) {
        const org = await deps.orgs.get(m.orgId);
        if (org !== undefined)
          data.push({ id: org.id, name: org.name, kind: org.kind, role: m.role });
      }
      return { data };
    },
  );

  await app.register(apiKeyRoutes, { ...deps, access });
  await app.register(clientRoutes, { ...deps, access });
}

export function sendManagementError(error: AppError, reply: FastifyReply) {
  reply.status(error.status);
  // RFC 6750 §3: a missing or bad bearer credential is answered with a challenge.
  if (error.code === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="gatehouse"');
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  return reply.send({ type: error.code, message: error.message });
}
