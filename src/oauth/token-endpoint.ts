import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Client, ClientService } from '../clients/service.js';
import { DomainError } from '../errors.js';
import { authenticateClient } from './client-auth.js';
import { required } from './form.js';
import { findGrant } from './grants/index.js';
import { oauthError } from './http-errors.js';
import type { GrantDeps, GrantModule } from './grants/types.js';
import { noStore } from './no-store.js';

/**
 * POST /oauth/token (RFC 6749 §3.2). The endpoint only checks the request, authenticates
 * the client and dispatches to the grant; each grant lives in grants/.
 */
export function createTokenEndpoint(deps: GrantDeps & { clients: ClientService }) {
  return async function tokenEndpoint(
    request: FastifyRequest<{ Body: Record<string, string> }>,
    reply: FastifyReply,
  ) {
    const params = request.body;
    const grant = selectGrant(params.grant_type);
    const { client } = await authenticateClient(
      request.headers.authorization,
      params,
      deps.clients,
    );
    checkClientMayUse(client, grant);
    required(params, grant.parameters);
    const response = await grant.handle({ client, params, address: request.ip }, deps);
    return reply.headers(noStore).send(response);
  };
}

function selectGrant(grantType: string | undefined): GrantModule {
  if (grantType === undefined || grantType === '') {
    throw new DomainError('invalid_input', 'missing parameter: grant_type');
  }
  const grant = findGrant(grantType);
  if (grant === undefined) {
    throw oauthError('unsupported_grant_type', `unsupported grant_type: ${grantType}`);
  }
  return grant;
}

function checkClientMayUse(client: Client, grant: GrantModule): void {
  if (!client.grantTypes.includes(grant.grantType)) {
    throw oauthError('unauthorized_client', `this client may not use the ${grant.grantType} grant`);
  }
}
