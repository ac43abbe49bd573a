import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientService } from '../clients/service.js';
import { AppError } from '../errors.js';
import { joinList } from '../lib/lists.js';
import type { AccessTokenService } from './access-tokens.js';
import { authenticateClient } from './client-auth.js';
import { required } from './form.js';
import { noStore } from './no-store.js';
import type { RefreshTokenService } from './refresh-tokens.js';
import { lookupToken, type PresentedToken } from './token-lookup.js';

const inactive = { active: false } as const;

/**
 * POST /oauth/introspect (RFC 7662). The caller must authenticate as a confidential client
 * (§2.1); it learns about tokens of its own org only. Anything not active, or not the
 * caller's to know about, is exactly `{"active":false}` (§2.2).
 */
export function createIntrospectionEndpoint(deps: {
  clients: ClientService;
  accessTokens: AccessTokenService;
  refreshTokens: RefreshTokenService;
}) {
  return async function introspectionEndpoint(
    request: FastifyRequest<{ Body: Record<string, string> }>,
    reply: FastifyReply,
  ) {
    const params = request.body;
    const { client, method } = await authenticateClient(
      request.headers.authorization,
      params,
      deps.clients,
    );
    if (method === 'none') throw new AppError('invalid_client', 'client authentication failed');
    required(params, ['token']);
    const found = await lookupToken(params.token ?? '', deps);
    reply.headers(noStore);
    if (found === undefined || orgOf(found) !== client.orgId) return reply.send(inactive);
    return reply.send(describe(found));
  };
}

function orgOf(token: PresentedToken): string {
  return token.kind === 'access_token' ? token.claims.orgId : token.grant.orgId;
}

function describe(token: PresentedToken) {
  if (token.kind === 'access_token') {
    const c = token.claims;
    return {
      active: true,
      scope: joinList(c.scopes),
      client_id: c.clientId,
      token_type: 'Bearer',
      exp: c.exp,
      iat: c.iat,
      sub: c.sub,
      aud: c.aud,
      iss: c.iss,
      jti: c.jti,
      org: c.orgId,
    };
  }
  const g = token.grant;
  return {
    active: true,
    scope: joinList(g.scopes),
    client_id: g.clientId,
    token_type: 'refresh_token',
    exp: g.expiresAt,
    iat: g.createdAt,
    sub: g.subjectId,
    org: g.orgId,
  };
}
