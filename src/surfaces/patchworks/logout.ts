import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import { looksLikeJwt } from '../../oauth/access-tokens.js';
import { endAccessToken } from '../../oauth/end-access-token.js';
import type { Services } from '../../services.js';
import { credentialOf, patchworksAudience } from './authenticate.js';
import { errorResponses } from './schemas.js';

/**
 * POST /fabric/api/logout with `Authorization: Bearer <token>`: sign-out. The token from
 * /fabric/api/login is revoked, and refused from the next request on, on every instance (the
 * deny-list). A token that is already revoked or expired is answered the same (204), so
 * that signing out twice is harmless. An API key is not signed out: it is revoked at
 * DELETE /fabric/api/api-keys/:id.
 */
export async function logoutRoutes(
  fastify: FastifyInstance,
  services: Pick<Services, 'accessTokens' | 'config'>,
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/fabric/api/logout',
    { schema: { response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const token = credentialOf(request.headers.authorization);
      if (!looksLikeJwt(token)) {
        throw new DomainError('invalid_input', 'an API key is revoked, not signed out');
      }
      await endAccessToken(services.accessTokens, token, patchworksAudience(services.config));
      return reply.status(204).send(null);
    },
  );
}
