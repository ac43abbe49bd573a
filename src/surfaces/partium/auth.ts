import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import { isBasic, parseBasicCredentials } from '../../http/basic-credentials.js';
import { parseBearer } from '../../http/bearer.js';
import { resolvePassword } from '../../oauth/grants/password.js';
import { resolveApiKeyExchange } from '../../oauth/grants/token_exchange.js';
import { noStore } from '../../oauth/no-store.js';
import type { Grant } from '../../oauth/token-issuer.js';
import type { Services } from '../../services.js';
import { credentialStep, TypeErrorBody } from '../wire.js';
import { issuePair, partiumClient, TokenPair } from './token-pair.js';

/** The contract writes both `/auth/` and `/1/auth`; the bare forms are accepted too. */
export const authPaths = ['/auth', '/auth/', '/1/auth', '/1/auth/'] as const;

/**
 * Optional. `organization_id` picks which of the user's orgs the tokens act in ("to create
 * an API key for a specific organization, you need to log in to that organization first");
 * without it, the org the user joined first. Other fields are ignored.
 */
const AuthBody = Type.Object({
  organization_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
type AuthBody = Static<typeof AuthBody>;

type Deps = Pick<Services, 'logins' | 'apiKeys' | 'issuer' | 'usage' | 'config'>;

const unauthorized = (message: string) => new DomainError('credential_invalid', message);

/**
 * POST /auth: `Authorization: Basic base64(email:password)` (user:password exchange) or
 * `Authorization: Bearer <api key>` (API key exchange) for an access and a refresh token.
 */
export function authRoutes(fastify: FastifyInstance, services: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The header is read before the body, so that a caller without one is told so first.
  const credential = credentialStep(async (request) =>
    parseAuthorization(request.headers.authorization),
  );
  for (const url of authPaths) {
    app.post(
      url,
      {
        onRequest: credential.onRequest,
        schema: { body: AuthBody, response: { 200: TokenPair, '4xx': TypeErrorBody } },
        // No body at all is the same as `{}`.
        preValidation: (request, _reply, done) => {
          request.body ??= {};
          done();
        },
      },
      async (request, reply) => {
        const given = credential.of(request);
        const grant = await resolveGrant(services, given, request.body, request.ip);
        const pair = await issuePair(services.issuer, services.config, grant);
        return reply.headers(noStore).send(pair);
      },
    );
  }
}

/**
 * The grant of the credential given: a sign-in (Basic) or an API key exchange (Bearer), for
 * this surface's own client. An org the user is not a member of is not_found, as one that
 * does not exist; so is an org other than an API key's own. Every key exchange counts
 * against the key's org's usage limit.
 */
function resolveGrant(
  { logins, apiKeys, usage }: Deps,
  given: Credential,
  { organization_id: orgId }: AuthBody,
  address: string,
): Promise<Grant> {
  const client = partiumClient;
  return given.scheme === 'basic'
    ? resolvePassword(
        { client, username: given.email, password: given.password, orgId, address },
        { logins },
      )
    : resolveApiKeyExchange({ client, key: given.token, orgId, usage }, { apiKeys });
}

type Credential =
  { scheme: 'basic'; email: string; password: string } | { scheme: 'bearer'; token: string };

/** RFC 7617 §2 (Basic: base64 of `user-id:password`) or RFC 6750 §2.1 (Bearer). */
function parseAuthorization(header: string | undefined): Credential {
  if (isBasic(header)) {
    const basic = parseBasicCredentials(header);
    if (basic === undefined || basic.userId === '' || basic.password === '') {
      throw unauthorized('Basic credentials must be base64 of email:password');
    }
    return { scheme: 'basic', email: basic.userId, password: basic.password };
  }
  const token = parseBearer(header);
  if (token !== undefined) return { scheme: 'bearer', token };
  throw unauthorized('send Authorization: Basic (email:password) or Bearer (an API key)');
}
