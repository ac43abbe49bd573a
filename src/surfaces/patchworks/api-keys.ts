import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiKey } from '../../apikeys/service.js';
import type { Role } from '../../orgs/roles.js';
import { printableNamePattern } from '../../lib/names.js';
import { noStore } from '../../oauth/no-store.js';
import type { Services } from '../../services.js';
import { keyRoleName, principalOf, requireAdministrator } from './authenticate.js';
import { isoTime } from '../../lib/clock.js';
import { patchworksKeyFormat } from './key-format.js';
import { errorResponses, itemOf, listOf } from './schemas.js';
import { requestSlot } from '../wire.js';

/** The name the contract gives every key's user; also the name of a key created unnamed. */
export const apiUser = 'api-user' as const;

// Unknown fields are refused: a `role` sent here would otherwise be dropped in silence,
// and every key is manager-level whatever the body says.
const CreateApiKeyBody = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, pattern: printableNamePattern }),
    ),
    expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);
const KeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  // `api-user` for the keys made here; a key made elsewhere shows its own role.
  role: Type.Union([Type.String(), Type.Null()]),
  expires_at: Type.Union([Type.String(), Type.Null()]),
});
const CreatedApiKey = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  role: Type.Literal(apiUser),
  expires_at: Type.Union([Type.String(), Type.Null()]),
});

/**
 * /fabric/api/api-keys: an administrator creates as many keys as they like (one per
 * connected system), lists them and revokes those no longer used. Each key is its own
 * `api-user` with manager-level access; it never expires unless given an expiry.
 */
export async function apiKeyRoutes(
  fastify: FastifyInstance,
  services: Pick<Services, 'apiKeys' | 'users'>,
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Only an administrator, signed in as a person, manages keys; checked before the body.
  const administrators = requestSlot<{ role: Role }>('administrator');
  const administrator = {
    preValidation: async (request: FastifyRequest) => {
      administrators.set(request, await requireAdministrator(principalOf(request), services.users));
      // `curl -X POST` with no body at all asks for a key with the defaults.
      if (request.method === 'POST' && request.body === undefined) request.body = {};
    },
  };

  app.post(
    '/fabric/api/api-keys',
    {
      ...administrator,
      schema: {
        body: CreateApiKeyBody,
        response: { 201: itemOf(CreatedApiKey), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { name = apiUser, expires_at = null } = request.body;
      const { apiKey, secret } = await services.apiKeys.create({
        orgId: principal.orgId,
        name,
        role: 'manager',
        createdBy: principal.subject.id,
        expiresAt: expires_at === null ? null : Math.floor(Date.parse(expires_at) / 1000),
        format: patchworksKeyFormat,
      });
      reply.headers(noStore);
      const created = view(apiKey);
      return reply.status(201).send({
        data: {
          id: created.id,
          key: secret,
          name: created.name,
          role: apiUser,
          expires_at: created.expires_at,
        },
      });
    },
  );

  app.get(
    '/fabric/api/api-keys',
    { ...administrator, schema: { response: { 200: listOf(ApiKeyView), ...errorResponses } } },
    async (request) => {
      const keys = await services.apiKeys.list(principalOf(request).orgId);
      return { data: keys.filter((key) => key.revokedAt === null).map(view) };
    },
  );

  app.delete(
    '/fabric/api/api-keys/:id',
    {
      ...administrator,
      schema: { params: KeyParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      // Another company's key is not_found (the core filters by company), a key above the
      // administrator's role (an owner's) is forbidden; revoking twice is harmless, as
      // DELETE is idempotent.
      const { orgId } = principalOf(request);
      await services.apiKeys.revoke(orgId, request.params.id, administrators.get(request));
      return reply.status(204).send(null);
    },
  );
}

function view(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    role: keyRoleName(true, key.role),
    expires_at: isoTime(key.expiresAt),
  };
}
