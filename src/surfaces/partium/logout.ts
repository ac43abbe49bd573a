import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import { parseBearer } from '../../http/bearer.js';
import { looksLikeJwt } from '../../oauth/access-tokens.js';
import { endAccessToken } from '../../oauth/end-access-token.js';
import type { Services } from '../../services.js';
import { credentialStep, TypeErrorBody } from '../wire.js';
import { partiumAudience, partiumClientId } from './token-pair.js';

export const logoutPath = '/auth/logout';

const LogoutBody = Type.Object({
  refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});

type Deps = Pick<Services, 'accessTokens' | 'refreshTokens' | 'config'>;

const invalidRequest = (message: string) => new DomainError('invalid_input', message);

/**
 * POST /auth/logout: sign-out. `{refresh_token}` ends that token's family and the access
 * tokens it issued (RFC 7009 §2.1); `Authorization: Bearer <access token>` ends that access
 * token; either or both. As with RFC 7009 §2.2, a token that is already spent, expired,
 * revoked or unknown is answered like the rest (204), so that signing out twice is
 * harmless; a refresh token of another client is left alone. Tokens ended here are refused
 * from the next request on, on every instance (the deny-list).
 */
export function logoutRoutes(fastify: FastifyInstance, services: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const bearer = credentialStep(async (request) => accessTokenOf(request.headers.authorization));
  app.post(
    logoutPath,
    {
      onRequest: bearer.onRequest,
      schema: { body: LogoutBody, response: { 204: Type.Null(), '4xx': TypeErrorBody } },
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    },
    async (request, reply) => {
      const access = bearer.of(request);
      const refresh = request.body.refresh_token;
      if (access === null && refresh === undefined) {
        throw invalidRequest('send the refresh_token, the bearer access token, or both');
      }
      if (refresh !== undefined) await endFamily(services, refresh);
      if (access !== null) {
        await endAccessToken(services.accessTokens, access, partiumAudience(services.config));
      }
      return reply.status(204).send(null);
    },
  );
}

async function endFamily({ refreshTokens }: Deps, token: string): Promise<void> {
  const family = await refreshTokens.familyOf(token, partiumClientId);
  if (family !== undefined) await refreshTokens.revokeFamily(family);
}

/**
 * The access token of `Authorization: Bearer`, or null without the header. An API key or a
 * refresh token there is a mistake worth telling: a key is revoked at DELETE /1/api-keys/:id,
 * a refresh token goes in the body.
 */
function accessTokenOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const bearer = parseBearer(header);
  if (bearer === undefined || !looksLikeJwt(bearer)) {
    throw invalidRequest('Authorization must be Bearer and an access token');
  }
  return bearer;
}
