import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { clientManagerRole, type Client, type ClientService } from '../clients/service.js';
import { isoTime } from '../lib/clock.js';
import type { ManagementAccess } from './access.js';
import { addCredentialRoutes } from './credential-routes.js';
import { ClientView, CreateClientBody, CreatedClient, ErrorBody } from './schemas.js';

/** /v1/orgs/:orgId/clients — OAuth clients of an org, managed by its admins and owners. */
export async function clientRoutes(
  fastify: FastifyInstance,
  deps: { access: ManagementAccess; clients: ClientService },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Every route here is under /v1/orgs/:orgId and needs the client manager role in that org.
  app.addHook('onRequest', deps.access.orgRole(clientManagerRole));
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  addCredentialRoutes(app, deps.access.actorOf, errors, {
    path: '/v1/orgs/:orgId/clients',
    Body: CreateClientBody,
    Created: CreatedClient,
    create: async ({ orgId }, body) => {
      const { client, secret } = await deps.clients.create({
        orgId,
        name: body.name,
        ...(body.type === undefined ? {} : { type: body.type }),
        ...(body.grant_types === undefined ? {} : { grantTypes: body.grant_types }),
        ...(body.scopes === undefined ? {} : { scopes: body.scopes }),
        ...(body.redirect_uris === undefined ? {} : { redirectUris: body.redirect_uris }),
        accessTokenTtl: body.access_token_ttl ?? null,
        ...(body.pkce_required === undefined ? {} : { pkceRequired: body.pkce_required }),
      });
      return { ...view(client), ...(secret === undefined ? {} : { client_secret: secret }) };
    },
    View: ClientView,
    view,
    list: (orgId) => deps.clients.list(orgId),
    revoke: ({ orgId }, id) => deps.clients.revoke(orgId, id),
  });
}

function view(client: Client) {
  return {
    client_id: client.id,
    org_id: client.orgId,
    name: client.name,
    type: client.type,
    grant_types: client.grantTypes,
    scopes: client.scopes,
    redirect_uris: client.redirectUris,
    access_token_ttl: client.accessTokenTtl,
    platform: client.platform,
    pkce_required: client.pkceRequired,
    install: client.install,
    created_at: isoTime(client.createdAt),
    revoked_at: isoTime(client.revokedAt),
  };
}
