import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../services.js';
import { requireRole } from './authenticate.js';
import { addRead } from './read-route.js';

/** A flow as stored: its id and whatever the demo record holds (name, enabled, ...). */
const Flow = Type.Object({ id: Type.String() }, { additionalProperties: true });

/** GET /fabric/api/flows: manager-level, so an API key, a manager and an admin all may. */
export async function flowRoutes(fastify: FastifyInstance, services: Pick<Services, 'records'>) {
  addRead(fastify, '/fabric/api/flows', Type.Array(Flow), async (principal) => {
    const { orgId } = requireRole(principal, 'manager');
    const flows = await services.records.list(orgId, 'flow');
    return flows.map((flow) => ({ id: flow.id, ...flow.data }));
  });
}
