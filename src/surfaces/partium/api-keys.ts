import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { apiKeyManagerRole } from '../../apikeys/service.js';
import { requireCredentialKind, requireLiveRole } from '../../gateway/authorize.js';
import { printableNamePattern } from '../../lib/names.js';
import { noStore } from '../../oauth/no-store.js';
import type { Services } from '../../services.js';
import { admit, credentialStep, refuseOtherMethods, TypeErrorBody } from '../wire.js';
import { partiumKeyFormat } from './key-format.js';
import { partiumAudience, partiumClientId } from './token-pair.js';

const collectionPath = '/1/api-keys';
const itemPath = '/1/api-keys/:id';

const CreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200, pattern: printableNamePattern }) },
  { additionalProperties: false },
);
const ItemParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const CreatedKey = Type.Object({
  id: Type.String(),
  api_key: Type.String(),
  organization_id: Type.String(),
  name: Type.String(),
});

/** What a key made here may do: search its org's catalogue, and no more. */
const issuedKeyRole = 'member';

type Deps = Pick<Services, 'authenticator' | 'usage' | 'users' | 'apiKeys' | 'config'>;

/**
 * API keys are created by a user with the developer role, for the organization that user
 * is logged in to, and are valid only for that organization (docs/partium.md).
 * POST /1/api-keys `{name}` and DELETE /1/api-keys/:id, with a user's access token.
 */
export function apiKeyRoutes(fastify: FastifyInstance, services: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manager = credentialStep((request) => keyManager(services, request.headers.authorization));

  app.post(
    collectionPath,
    {
      onRequest: manager.onRequest,
      schema: { body: CreateBody, response: { 201: CreatedKey, '4xx': TypeErrorBody } },
    },
    async (request, reply) => {
      const actor = manager.of(request);
      const { apiKey, secret } = await services.apiKeys.create({
        orgId: actor.orgId,
        name: request.body.name,
        role: issuedKeyRole,
        createdBy: actor.userId,
        format: partiumKeyFormat,
      });
      return reply.status(201).headers(noStore).send({
        id: apiKey.id,
        api_key: secret,
        organization_id: apiKey.orgId,
        name: apiKey.name,
      });
    },
  );

  app.delete(
    itemPath,
    {
      onRequest: manager.onRequest,
      schema: { params: ItemParams, response: { 204: Type.Null(), '4xx': TypeErrorBody } },
    },
    async (request, reply) => {
      const actor = manager.of(request);
      // Another org's key is not_found: the lookup is filtered by the actor's org.
      await services.apiKeys.revoke(actor.orgId, request.params.id, actor);
      return reply.status(204).send(null);
    },
  );

  refuseOtherMethods(app, collectionPath, ['POST']);
  refuseOtherMethods(app, itemPath, ['DELETE']);
}

/**
 * The bearer must be a user's access token from this surface's own login (a key, a token
 * exchanged from one, or a token of another client cannot manage keys), and the user must
 * hold the developer role or higher, today, in the org the token was issued for.
 */
async function keyManager(services: Deps, authorization: string | undefined) {
  const principal = requireCredentialKind(
    await admit(
      await services.authenticator.fromHeader(authorization, {
        audience: partiumAudience(services.config),
      }),
      services.usage,
    ),
    {
      subjects: ['user'],
      clients: [partiumClientId],
      message: "API keys are managed with a user's access token from /auth",
    },
  );
  const role = await requireLiveRole(principal, apiKeyManagerRole, services.users);
  return { orgId: principal.orgId, userId: principal.subject.id, role };
}
