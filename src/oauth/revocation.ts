import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientService } from '../clients/service.js';
import { authenticateClient } from './client-auth.js';
import { oauthError } from './http-errors.js';
import { required } from './form.js';
import { noStore } from './no-store.js';
import { lookupToken, type LookupDeps } from './token-lookup.js';

/**
 * POST /oauth/revoke (RFC 7009). A client revokes its own tokens. Revoking a refresh token
 * revokes its family and the access tokens the family issued (§2.1 SHOULD); revoking an
 * access token deny-lists it, so every endpoint refuses it at once. An unknown or already
 * invalid token is answered 200 all the same (§2.2).
 */
export function createRevocationEndpoint(deps: LookupDeps & { clients: ClientService }) {
  return async function revocationEndpoint(
    request: FastifyRequest<{ Body: Record<string, string> }>,
    reply: FastifyReply,
  ) {
    const params = request.body;
    const { client } = await authenticateClient(
      request.headers.authorization,
      params,
      deps.clients,
    );
    required(params, ['token']);
    const found = await lookupToken(params.token ?? '', deps, 'revocable');
    reply.headers(noStore);
    if (found === undefined) return reply.send();
    const owner = found.kind === 'access_token' ? found.claims.clientId : found.grant.clientId;
    if (owner !== client.id) {
      throw oauthError('unauthorized_client', 'the token was not issued to this client');
    }
    if (found.kind === 'access_token') await deps.accessTokens.revoke(found.claims);
    else await deps.refreshTokens.revokeFamily(found.grant.familyId);
    return reply.send();
  };
}
