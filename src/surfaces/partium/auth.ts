import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import { isBasic, parseBasicCredentials } from '../../http/basic-credentials.js';
import { parseBearer } from '../../http/bearer.js';
import { noStore } from '../../oauth/no-store.js';
import type { Services } from '../../services.js';
import { credentialStep, firstPartyClient, TypeErrorBody } from '../wire.js';
import { issuePair, partiumAudience, partiumClientId, TokenPair } from './token-pair.js';

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
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const given = credential.of(request);
        const pair =
          given.scheme === 'basic'
            ? await exchangePassword(services, given, request.body, request.ip)
            : await exchangeApiKey(services, given.token, request.body);
        return reply.headers(noStore).send(pair);
      },
    );
  }
}

async function exchangePassword(
  { logins, issuer, config }: Deps,
  { email, password }: { email: string; password: string },
  body: AuthBody,
  address: string,
) {
  const user = await logins.signIn(email, password, address);
  // An org the user is not a member of is not_found, as one that does not exist.
  const membership = await logins.membershipFor(user.id, body.organization_id);
  return issuePair(issuer, {
    client: firstPartyClient(partiumClientId, membership.orgId),
    orgId: membership.orgId,
    subjectType: 'user',
    subjectId: user.id,
    role: membership.role,
    scopes: [],
    refresh: true,
    audience: partiumAudience(config),
  });
}

async function exchangeApiKey(
  { apiKeys, issuer, usage, config }: Deps,
  secret: string,
  body: AuthBody,
) {
  // verify() refuses anything that is not a live key, a JWT or a refresh token included.
  const key = await apiKeys.verify(secret);
  if (key === undefined) throw unauthorized('the API key is invalid or revoked');
  await usage.consume(key.orgId);
  // A key is valid only for its own org.
  if (body.organization_id !== undefined && body.organization_id !== key.orgId) {
    throw new DomainError('not_found', 'the API key belongs to another organization');
  }
  return issuePair(issuer, {
    client: firstPartyClient(partiumClientId, key.orgId),
    orgId: key.orgId,
    subjectType: 'api_key',
    subjectId: key.id,
    role: key.role,
    // A verified key carries only the scopes its org defines now (apikeys/service.ts).
    scopes: key.scopes,
    notAfter: key.expiresAt,
    refresh: true,
    audience: partiumAudience(config),
  });
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
