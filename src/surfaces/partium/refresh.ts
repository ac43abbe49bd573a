import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { noStore } from '../../oauth/no-store.js';
import { resolveRefresh } from '../../oauth/grants/refresh_token.js';
import type { Services } from '../../services.js';
import { TypeErrorBody } from '../wire.js';
import { issuePair, partiumClient, TokenPair } from './token-pair.js';

export const refreshPath = '/auth/refresh';

const RefreshBody = Type.Object({
  refresh_token: Type.String({ minLength: 1, maxLength: 500 }),
});

type Deps = Pick<Services, 'refreshTokens' | 'users' | 'apiKeys' | 'issuer' | 'config'>;

/**
 * POST /auth/refresh `{refresh_token}`: a new access token and a new refresh token, by the
 * core's refresh grant. The old one is spent (rotation); presenting a spent one again revokes
 * its whole family and the access tokens issued from it (RFC 9700 §4.14.2). Every refusal is
 * `unauthorized`.
 */
export function refreshRoutes(fastify: FastifyInstance, services: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    refreshPath,
    { schema: { body: RefreshBody, response: { 200: TokenPair, '4xx': TypeErrorBody } } },
    async (request, reply) => {
      const grant = await resolveRefresh(
        { client: partiumClient, token: request.body.refresh_token },
        services,
      );
      const pair = await issuePair(services.issuer, services.config, grant);
      return reply.headers(noStore).send(pair);
    },
  );
}
