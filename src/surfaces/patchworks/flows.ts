import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../services.js';
import { principalOf, requireRole } from './authenticate.js';
import { errorResponses, listOf } from './schemas.js';

/** A flow as stored: its id and whatever the demo record holds (name, enabled, ...). */
const Flow = Type.Object({ id: Type.String() }, { additionalProperties: true });

/** GET /fabric/api/flows: manager-level, so an API key, a manager and an admin all may. */
export async function flowRoutes(fastify: FastifyInstance, services: Pick<Services, 'records'>) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/fabric/api/flows',
    { schema: { response: { 200: listOf(Flow), ...errorResponses } } },
    async (request) => {
      const { orgId } = requireRole(principalOf(request), 'manager');
      const flows = await services.records.list(orgId, 'flow');
      return { data: flows.map((flow) => ({ id: flow.id, ...flow.data })) };
    },
  );
}
