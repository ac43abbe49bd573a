import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Client, ClientService } from '../clients/service.js';
import { joinList } from '../lib/lists.js';
import { authenticateClient } from './client-auth.js';
import { oauthError } from './http-errors.js';
import { required } from './form.js';
import { noStore } from './no-store.js';
import { lookupToken, type LookupDeps, type PresentedToken } from './token-lookup.js';

const inactive = { active: false } as const;

/**
 * POST /oauth/introspect (RFC 7662). The caller must authenticate as a confidential client
 * (§2.1); it learns about tokens issued to it or to its org. Anything not active, or not
 * the caller's to know about, is exactly `{"active":false}` (§2.2).
 */
export function createIntrospectionEndpoint(deps: LookupDeps & { clients: ClientService }) {
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
    if (method === 'none') throw oauthError('invalid_client', 'client authentication failed');
    required(params, ['token']);
    const found = await lookupToken(params.token ?? '', deps);
    reply.headers(noStore);
    if (found === undefined || !mayKnow(client, found)) return reply.send(inactive);
    return reply.send(describe(found));
  };
}

// A client may learn about the tokens issued to it, and about any token of its own org
// (a resource server of the org checking a token another of its clients obtained).
function mayKnow(client: Client, token: PresentedToken): boolean {
  const { orgId, clientId } = token.kind === 'access_token' ? token.claims : token.grant;
  return clientId === client.id || orgId === client.orgId;
}

function describe(token: PresentedToken) {
  const { scopes, clientId, orgId } = token.kind === 'access_token' ? token.claims : token.grant;
  const head = { active: true, ...scopeOf(scopes), client_id: clientId };
  if (token.kind === 'access_token') {
    const { exp, iat, sub, aud, iss, jti } = token.claims;
    return { ...head, token_type: 'Bearer', exp, iat, sub, aud, iss, jti, org: orgId };
  }
  const { expiresAt, createdAt, subjectId } = token.grant;
  return {
    ...head,
    token_type: 'refresh_token',
    exp: expiresAt,
    iat: createdAt,
    sub: subjectId,
    org: orgId,
  };
}

// RFC 7662 §2.2: `scope` is optional; left out when there is none, as in the token itself.
function scopeOf(scopes: string[]) {
  return scopes.length > 0 ? { scope: joinList(scopes) } : {};
}
