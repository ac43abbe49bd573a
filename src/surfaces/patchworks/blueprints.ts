import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import { printableNamePattern } from '../../lib/names.js';
import { newId } from '../../lib/random.js';
import type { OrgRecord } from '../../records/service.js';
import type { Services } from '../../services.js';
import { principalOf, requireAdministrator } from './authenticate.js';
import { addRead } from './read-route.js';
import { errorResponses, itemOf } from './schemas.js';

const CreateBlueprintBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: printableNamePattern }),
});
const Blueprint = Type.Object({ id: Type.String(), name: Type.String() });

/**
 * /fabric/api/blueprints: blueprint management is for account administrators only (the
 * contract's example of what an API key, being manager-level, may not do).
 */
export async function blueprintRoutes(
  fastify: FastifyInstance,
  services: Pick<Services, 'records' | 'users'>,
) {
  addRead(fastify, '/fabric/api/blueprints', Type.Array(Blueprint), async (principal) => {
    await requireAdministrator(principal, services.users);
    return (await services.records.list(principal.orgId, 'blueprint')).map(view);
  });

  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/fabric/api/blueprints',
    {
      schema: {
        body: CreateBlueprintBody,
        response: { 201: itemOf(Blueprint), ...errorResponses },
      },
      // The role is checked before the body, so that a key is told `forbidden`, not how to
      // fix a body it may not send at all.
      preValidation: async (request) => {
        await requireAdministrator(principalOf(request), services.users);
      },
    },
    async (request, reply) => {
      const { orgId } = principalOf(request);
      const name = request.body.name.trim();
      if (name === '') throw new DomainError('invalid_input', 'name must not be blank');
      const record = await services.records.create(orgId, 'blueprint', newId('bp'), { name });
      return reply.status(201).send({ data: view(record) });
    },
  );
}

function view(record: OrgRecord) {
  const name = record.data.name;
  return { id: record.id, name: typeof name === 'string' ? name : '' };
}
