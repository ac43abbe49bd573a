import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { resolvePassword } from '../../oauth/grants/password.js';
import { noStore } from '../../oauth/no-store.js';
import type { Services } from '../../services.js';
import { firstParty, TypeErrorBody } from '../wire.js';
import { patchworksAudience, patchworksClientId } from './authenticate.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

/** The client that this surface's sign-ins are resolved for and its tokens issued to. */
// The contract has clients sign in again when a token expires: no refresh token.
const patchworksClient = firstParty(patchworksClientId, { refresh: false });

const LoginResponse = Type.Object({
  token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});

/**
 * POST /fabric/api/login: the contract's "simplified client credentials flow". The username
 * and password of a person give a short-lived access token that carries their role in their
 * company. No refresh token: the contract has clients sign in again when it expires.
 */
export async function loginRoutes(
  fastify: FastifyInstance,
  services: Pick<Services, 'logins' | 'issuer' | 'config'>,
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/fabric/api/login',
    {
      schema: {
        body: LoginBody,
        response: {
          200: LoginResponse,
          400: TypeErrorBody,
          401: TypeErrorBody,
          403: TypeErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // A wrong password, an unknown user and a locked account are the same `unauthorized`.
      // No org is asked for: the person signs in to the org they joined first.
      const grant = await resolvePassword(
        { client: patchworksClient, username, password, address: request.ip },
        services,
      );
      const issued = await services.issuer.issue({
        ...grant,
        audience: patchworksAudience(services.config),
      });
      reply.headers(noStore);
      return {
        token: issued.access_token,
        token_type: 'Bearer' as const,
        expires_in: issued.expires_in,
      };
    },
  );
}
