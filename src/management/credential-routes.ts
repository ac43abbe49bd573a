import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { OrgActor } from './access.js';
import { ItemParams, listOf, OrgParams } from './schemas.js';

/** How an org's credentials of one kind (API keys, OAuth clients) are listed and revoked. */
export interface CredentialKind<C, V extends TObject> {
  /** The collection's path, under /v1/orgs/:orgId. */
  path: string;
  View: V;
  view(credential: C): Static<V>;
  list(orgId: string): Promise<C[]>;
  revoke(actor: OrgActor, id: string): Promise<C>;
}

/**
 * GET `path` (the org's credentials, each as its view) and DELETE `path/:id` (revoke one,
 * answered with its view), with the error answers `errors` of the kind's routes.
 */
export function addListAndRevoke<C, V extends TObject>(
  fastify: FastifyInstance,
  actorOf: (request: FastifyRequest) => OrgActor,
  errors: Record<number, TSchema>,
  kind: CredentialKind<C, V>,
): void {
  // The routes' answers are checked where the kind is made (`view` returns the View's type).
  fastify.get<{ Params: Static<typeof OrgParams> }>(
    kind.path,
    { schema: { params: OrgParams, response: { 200: listOf(kind.View), ...errors } } },
    async (request) => ({ data: (await kind.list(actorOf(request).orgId)).map(kind.view) }),
  );
  fastify.delete<{ Params: Static<typeof ItemParams> }>(
    `${kind.path}/:id`,
    { schema: { params: ItemParams, response: { 200: kind.View, ...errors } } },
    async (request) => kind.view(await kind.revoke(actorOf(request), request.params.id)),
  );
}
