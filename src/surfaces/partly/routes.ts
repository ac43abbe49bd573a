import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noStore } from '../../oauth/no-store.js';
import type { Services } from '../../services.js';
import { refuseOtherMethods, requestSlot } from '../wire.js';
import { authorizeCaller } from './caller.js';
import { partlyError } from './errors.js';
import { partlyMethods } from './methods.js';
import type { Caller, PartlyDeps, RpcMethod } from './rpc.js';

/** The API version in the path of every method (docs/partly.md). */
export const partlyPrefix = '/api/2026-01';

/** The Partly-style surface (see docs/partly.md): `POST /api/2026-01/<method>`, JSON in and out. */
export async function partlyRoutes(app: FastifyInstance, services: Services) {
  await app.register(rpcRoutes, { prefix: partlyPrefix, deps: services });
}

type MethodRequest = FastifyRequest<{ Params: { method: string } }>;

function lookup(name: string): RpcMethod {
  const method = partlyMethods.get(name);
  if (method === undefined) throw partlyError('method_not_found', `no method named ${name}`);
  return method;
}

/**
 * Each call goes through these steps, in this order, each with its own error:
 *   1. the method exists                                 404 method_not_found
 *   2. the two headers name a live install (not insert)   401 unauthorized
 *   3. the org is within its usage limit                  429 rate_limited
 *   4. the org's kind may call the method                 403 forbidden
 *   5. the body is a JSON object of the method's shape    400 invalid_request
 *   6. the method runs (e.g. another org's object)        404 not_found, ...
 * Steps 1–4 need only the headers, so they run before the body is even read.
 */
async function rpcRoutes(app: FastifyInstance, { deps }: { deps: PartlyDeps }) {
  // JSON only: a text/plain or form body is 415 unsupported_media_type, not a string.
  app.removeContentTypeParser('text/plain');
  const callers = requestSlot<Caller>('caller');

  app.post('/:method', {
    async onRequest(request: MethodRequest) {
      const method = lookup(request.params.method);
      if (method.audience !== 'anyone') {
        callers.set(request, await authorizeCaller(request.headers, method.audience, deps));
      }
    },
    async handler(request: MethodRequest, reply: FastifyReply) {
      const method = lookup(request.params.method);
      // RFC 6749 §5.1's rule for tokens, for any answer that carries a secret.
      if (method.carriesSecret === true) reply.headers(noStore);
      if (method.audience === 'anyone') return method.run(request.body, deps);
      return method.run(request.body, deps, callers.get(request));
    },
  });

  refuseOtherMethods(app, '/:method', ['POST']);

  // Under the prefix, any other path (`/api/2026-01`, `/api/2026-01/a/b`) is no method.
  app.setNotFoundHandler(async () => {
    throw partlyError('method_not_found', 'no such method');
  });
}
