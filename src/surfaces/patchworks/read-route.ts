import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Principal } from '../../gateway/principal.js';
import { principalOf } from './authenticate.js';
import { errorResponses } from './schemas.js';

/**
 * GET `url` for the caller that `requireCredential` authenticated: `read` decides, from its
 * principal, what the caller may see, and the answer is `{"data": ...}` with `Data`'s shape
 * (or one of the surface's errors).
 */
export function addRead<T extends TSchema>(
  app: FastifyInstance,
  url: string,
  Data: T,
  read: (principal: Principal) => Promise<Static<T>>,
): void {
  const response = { 200: Type.Object({ data: Data }), ...errorResponses };
  app.get(url, { schema: { response } }, async (request) => ({
    data: await read(principalOf(request)),
  }));
}
