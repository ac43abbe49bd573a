import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { noStore } from '../oauth/no-store.js';
import type { OrgActor } from './access.js';
import { ItemParams, listOf, OrgParams } from './schemas.js';

/** How an org's credentials of one kind (API keys, OAuth clients) are managed. */
export interface CredentialKind<C, V extends TObject, B extends TObject, R extends TObject> {
  /** The collection's path, under /v1/orgs/:orgId. */
  path: string;
  Body: B;
  /** The answer to a create: the view, with the secret shown this once. */
  Created: R;
  create(actor: OrgActor, body: Static<B>): Promise<Static<R>>;
  View: V;
  view(credential: C): Static<V>;
  list(orgId: string): Promise<C[]>;
  revoke(actor: OrgActor, id: string): Promise<C>;
}

/**
 * POST `path` (create one, answered 201 with `Created`), GET `path` (the org's credentials,
 * each as its view) and DELETE `path/:id` (revoke one, answered with its view), with the
 * error answers `errors` of the kind's routes.
 */
export function addCredentialRoutes<C, V extends TObject, B extends TObject, R extends TObject>(
  fastify: FastifyInstance,
  actorOf: (request: FastifyRequest) => OrgActor,
  errors: Record<number, TSchema>,
  kind: CredentialKind<C, V, B, R>,
): void {
  // The routes' answers are checked where the kind is made (`view` and `create` return the
  // schemas' types); the body, by its schema before `create` sees it.
  fastify.post<{ Params: Static<typeof OrgParams> }>(
    kind.path,
    { schema: { params: OrgParams, body: kind.Body, response: { 201: kind.Created, ...errors } } },
    async (request, reply) => {
      const created = await kind.create(actorOf(request), request.body as Static<B>);
      // The secret is in this answer and nowhere else: no cache may keep it (RFC 9111 §5.2.2.5).
      return reply.status(201).headers(noStore).send(created);
    },
  );
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
