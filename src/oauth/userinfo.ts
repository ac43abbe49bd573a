import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { parseBearer } from '../http/bearer.js';
import { errorHandler } from '../http/error-handler.js';
import type { UserService } from '../users/service.js';
import type { AccessTokenService } from './access-tokens.js';
import { bearerErrorRenderer, noBearerToken } from './bearer-errors.js';
import { noStore } from './no-store.js';
import { withCors } from './cors.js';
import { OAuthErrorSchema } from './schemas.js';

/** OpenID Connect Core §5.3.2: the claims of the person, by the scopes of the token. */
export interface UserInfo {
  sub: string;
  /** With `profile` (§5.4). */
  name?: string;
  /** With `email` (§5.4). */
  email?: string;
}

export interface UserInfoDeps {
  accessTokens: Pick<AccessTokenService, 'verify'>;
  users: Pick<UserService, 'get'>;
  config: Pick<Config, 'audience'>;
}

const notForAPerson = 'the access token was not issued for a person';

/**
 * The claims an access token lets its holder read (§5.3): a token of /oauth/token (the native
 * audience), issued for a person, with the `openid` scope. A token that is invalid, expired,
 * revoked, for another API or not for a person is `credential_invalid` (invalid_token); one
 * without `openid` is `not_permitted` (insufficient_scope).
 */
export async function userInfo(token: string, deps: UserInfoDeps): Promise<UserInfo> {
  const claims = await deps.accessTokens.verify(token, deps.config.audience);
  if (claims.subType !== 'user') {
    throw new DomainError('credential_invalid', notForAPerson, { subject: 'bearer' });
  }
  if (!claims.scopes.includes('openid')) {
    throw new DomainError('not_permitted', 'the access token lacks the openid scope');
  }
  const user = await deps.users.get(claims.sub);
  if (user === undefined) {
    throw new DomainError('credential_invalid', notForAPerson, { subject: 'bearer' });
  }
  return {
    sub: user.id,
    ...(claims.scopes.includes('profile') ? { name: user.name } : {}),
    ...(claims.scopes.includes('email') ? { email: user.email } : {}),
  };
}

/**
 * The token of a userinfo request (RFC 6750 §2): in the Authorization header, or, for a POST,
 * as `access_token` in a form-encoded body (§2.2). Never in the query (§2.3): RFC 9700
 * §4.3.2 keeps tokens out of URLs. Two ways at once is a malformed request (§2).
 */
function presentedToken(request: FastifyRequest): string {
  const header = parseBearer(request.headers.authorization);
  const form = formToken(request);
  if (header !== undefined && form !== undefined) {
    throw new DomainError('invalid_input', 'the access token must be sent one way only');
  }
  const token = header ?? form;
  if (token === undefined) throw noBearerToken();
  return token;
}

/** `access_token` of a form-encoded POST body (RFC 6750 §2.2); undefined if none. */
function formToken(request: FastifyRequest): string | undefined {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (request.method !== 'POST' || type !== 'application/x-www-form-urlencoded') return undefined;
  const value = (request.body as Record<string, unknown> | undefined)?.access_token;
  if (Array.isArray(value)) {
    throw new DomainError('invalid_input', 'parameter access_token must not be repeated');
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const UserInfoSchema = Type.Object({
  sub: Type.String(),
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
});

/**
 * GET and POST /oauth/userinfo (OpenID Connect Core §5.3.1): JSON, never cached. Its errors
 * are a Bearer-protected resource's (RFC 6750 §3), with their challenge.
 */
export async function userinfoRoutes(app: FastifyInstance, deps: UserInfoDeps) {
  app.setErrorHandler(errorHandler(bearerErrorRenderer('openid')));
  const refused = OAuthErrorSchema;
  app.route({
    method: ['GET', 'POST'],
    url: '/userinfo',
    onSend: withCors,
    schema: { response: { 200: UserInfoSchema, 400: refused, 401: refused, 403: refused } },
    handler: async (request, reply) =>
      reply.headers(noStore).send(await userInfo(presentedToken(request), deps)),
  });
}
