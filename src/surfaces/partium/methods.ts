import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';

/** RFC 9110 §15.5.6: a 405 names the methods the path does allow. */
export function refuseOtherMethods(app: FastifyInstance, url: string, allowed: 'POST' | 'DELETE') {
  const others = (['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const).filter(
    (m) => m !== allowed,
  );
  app.route({
    method: others,
    url,
    handler: async (request, reply) => {
      reply.header('allow', allowed);
      throw new AppError('method_not_allowed', `${request.method} is not allowed on ${url}`);
    },
  });
}
