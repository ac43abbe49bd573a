import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { noStore } from '../../oauth/no-store.js';
import { checkRefresh, redeemRefresh } from '../../oauth/grants/refresh_token.js';
import type { Services } from '../../services.js';
import { firstPartyClient, TypeErrorBody } from '../wire.js';
import { partiumAudience, partiumClientId, toTokenPair, TokenPair } from './token-pair.js';

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
      const checked = await checkRefresh(
        request.body.refresh_token,
        partiumClientId,
        undefined,
        services,
      );
      const client = firstPartyClient(partiumClientId, checked.grant.orgId);
      const issued = await redeemRefresh(
        checked,
        client,
        services,
        partiumAudience(services.config),
      );
      return reply.headers(noStore).send(toTokenPair(issued));
    },
  );
}
