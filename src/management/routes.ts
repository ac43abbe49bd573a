import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiKeyService } from '../apikeys/service.js';
import type { ClientService } from '../clients/service.js';
import type { Authenticator } from '../gateway/authenticate.js';
import { errorHandler } from '../http/error-handler.js';
import type { OrgService } from '../orgs/service.js';
import type { UserService } from '../users/service.js';
import { managementAccess } from './access.js';
import { apiKeyRoutes } from './api-keys.js';
import { clientRoutes } from './clients.js';
import { renderManagementError } from './errors.js';
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
  fastify.setErrorHandler(errorHandler(renderManagementError));
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const access = managementAccess(deps);

  app.get(
    '/v1/orgs',
    {
      onRequest: access.person,
      schema: { response: { 200: listOf(OrgView), 401: ErrorBody, 403: ErrorBody } },
    },
    async (request) => {
      const person = access.personOf(request);
      const memberships = await deps.users.memberships(person.userId);
      const data = [];
      // Only the orgs the token may act in: an org's own client sees that org alone.
      for (const m of memberships.filter((membership) => person.actsIn(membership.orgId))) {
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
