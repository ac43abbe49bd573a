import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import type { Services } from '../../services.js';
import { roleName } from './authenticate.js';
import { addRead } from './read-route.js';

const CurrentUser = Type.Object({
  id: Type.String(),
  role: Type.Union([Type.String(), Type.Null()]),
  company: Type.Object({ id: Type.String(), name: Type.String() }),
});

/**
 * GET /fabric/api/user: who the credential acts as. A token is the person who signed in,
 * with their role; each API key is its own user (its id is the key's id), role `api-user`.
 */
export async function userRoutes(fastify: FastifyInstance, services: Pick<Services, 'orgs'>) {
  addRead(fastify, '/fabric/api/user', CurrentUser, async (principal) => {
    const company = await services.orgs.get(principal.orgId);
    // A live credential of a company that no longer exists acts for no one.
    if (company === undefined)
      throw new DomainError('credential_invalid', 'the company no longer exists');
    return {
      id: principal.subject.id,
      role: roleName(principal),
      company: { id: company.id, name: company.name },
    };
  });
}
