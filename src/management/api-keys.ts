import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireAuthorityOver } from '../apikeys/authority.js';
import { apiKeyManagerRole, type ApiKey, type ApiKeyService } from '../apikeys/service.js';
import { isoTime } from '../lib/clock.js';
import type { ManagementAccess } from './access.js';
import { addCredentialRoutes } from './credential-routes.js';
import { ApiKeyView, CreateApiKeyBody, CreatedApiKey, ErrorBody } from './schemas.js';

/** /v1/orgs/:orgId/api-keys — create (shown once), list and revoke an org's API keys. */
export async function apiKeyRoutes(
  fastify: FastifyInstance,
  deps: { access: ManagementAccess; apiKeys: ApiKeyService },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Every route here is under /v1/orgs/:orgId and needs the key manager role in that org.
  app.addHook('onRequest', deps.access.orgRole(apiKeyManagerRole));
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  addCredentialRoutes(app, deps.access.actorOf, errors, {
    path: '/v1/orgs/:orgId/api-keys',
    Body: CreateApiKeyBody,
    Created: CreatedApiKey,
    create: async (actor, { name, role = null, scopes = [], expires_at }) => {
      // A key never carries more than the person who made it.
      requireAuthorityOver(actor, role, 'create');
      const { apiKey, secret } = await deps.apiKeys.create({
        orgId: actor.orgId,
        name,
        role,
        scopes,
        createdBy: actor.userId,
        expiresAt: expires_at === undefined ? null : Math.floor(Date.parse(expires_at) / 1000),
      });
      return { ...view(apiKey), key: secret };
    },
    View: ApiKeyView,
    view,
    list: (orgId) => deps.apiKeys.list(orgId),
    // Revoking a key above the actor's own role is forbidden (apikeys/authority.ts).
    revoke: (actor, id) => deps.apiKeys.revoke(actor.orgId, id, actor),
  });
}

function view(key: ApiKey) {
  return {
    id: key.id,
    org_id: key.orgId,
    name: key.name,
    start: key.start,
    role: key.role,
    scopes: key.scopes,
    created_by: key.createdBy,
    created_at: isoTime(key.createdAt),
    expires_at: isoTime(key.expiresAt),
    revoked_at: isoTime(key.revokedAt),
  };
}
