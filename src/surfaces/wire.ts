import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeyFormat } from '../apikeys/format.js';
import type { Client } from '../clients/service.js';
import type { Config, SurfaceName } from '../config.js';
import type { Principal } from '../gateway/principal.js';
import type { UsageLimiter } from '../gateway/usage-limit.js';
import type { PruneTask } from '../maintenance/prune.js';
import type { Renderer } from '../http/error-handler.js';
import type { ActingClient } from '../oauth/grants/acting-client.js';
import { requestSlot } from '../http/request-slot.js';
import { typeCodes } from '../http/type-codes.js';
import { answer, httpError, type Failure } from '../http/wire-error.js';
import type { Services } from '../services.js';

export { requestSlot };

/**
 * What the four contract surfaces share: the descriptor each exports; errors as a
 * type-tagged body `{"type": code}` (docs/architecture.md); the usage limit; and the
 * first-party client that tokens issued by a surface's own login endpoint are issued to.
 */

/** A contract surface, as `surfaces/index.ts` registers it. */
export interface Surface {
  name: SurfaceName;
  /**
   * The path prefixes it answers under, also outside any of its routes (404, router
   * errors). One ending in `/` owns what starts with it; another owns itself, and what
   * follows it after `/` or `?`.
   */
  owns: readonly string[];
  routes: (app: FastifyInstance, services: Services) => Promise<void>;
  /** Its one error renderer: the plugin's error handler, and answers outside its routes. */
  render: Renderer;
  /** The formats of the API keys it hands out (`apikeys/format.ts`). */
  keyFormats?: readonly KeyFormat[];
  /** The audience of the tokens its own login issues (`oauth/audience.ts`). */
  audience?: (config: Pick<Config, 'publicUrl'>) => string;
  /** The tables it keeps of its own, pruned with the core's (`maintenance/prune.ts`). */
  pruneTasks?: readonly PruneTask[];
}

/** What may follow a prefix that does not end in `/`: nothing, a path, or a query. */
const endsPrefix = new Set([undefined, '/', '?']);

/** Whether `url` is under one of `surface`'s prefixes. */
export function owns(surface: Pick<Surface, 'owns'>, url: string): boolean {
  return surface.owns.some(
    (prefix) =>
      url.startsWith(prefix) && (prefix.endsWith('/') || endsPrefix.has(url[prefix.length])),
  );
}

/** The error body of every surface, for response schemas. */
export const TypeErrorBody = Type.Object({ type: Type.String() });

/**
 * A surface's renderer: `{type}` in the shared codes (`http/type-codes.ts`), or the
 * surface's own; `challenge` is the WWW-Authenticate a failure gets, if any.
 */
export function typeErrorRenderer(
  challenge: (failure: Failure, code: string) => string | undefined = () => undefined,
): Renderer {
  return (failure, _request, reply) => {
    const { code } = answer(reply, failure, typeCodes);
    const header = challenge(failure, code);
    if (header !== undefined) reply.header('www-authenticate', header);
    return reply.send({ type: code });
  };
}

/**
 * A credential checked in `onRequest`, before the body is read, so that a caller without
 * one learns nothing about bodies; the handler then reads what was found with `of`.
 */
export function credentialStep<T>(resolve: (request: FastifyRequest) => Promise<T>) {
  const slot = requestSlot<T>('credential');
  return {
    async onRequest(request: FastifyRequest): Promise<void> {
      slot.set(request, await resolve(request));
    },
    of: slot.get,
  };
}

/** Counts the request against the principal's org; `rate_limited` when over the limit. */
export async function admit(principal: Principal, usage: UsageLimiter): Promise<Principal> {
  await usage.consume(principal.orgId);
  return principal;
}

/**
 * A surface's own login issues tokens to a client that is part of Gatehouse itself, not a
 * row in the store: `id` names the surface in the token's `client_id` claim.
 */
function firstPartyClient(id: string, orgId: string, refresh: boolean): Client {
  return {
    id,
    orgId,
    name: id,
    type: 'confidential',
    grantTypes: refresh ? ['password', 'refresh_token'] : ['password'],
    scopes: [],
    redirectUris: [],
    accessTokenTtl: null,
    createdAt: 0,
    revokedAt: null,
    // Built for the one org in question: it acts for that org only.
    platform: false,
    pkceRequired: true,
    install: false,
  };
}

/**
 * A surface's own login, as the grants resolve it: its first-party client, for each org.
 * `refresh`: whether the login hands out refresh tokens with its access tokens.
 */
export function firstParty(id: string, { refresh }: { refresh: boolean }): ActingClient {
  return { firstParty: { id, forOrg: (orgId) => firstPartyClient(id, orgId, refresh) } };
}

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/**
 * Every method of `url` but `allowed` (and HEAD, where GET is allowed) is answered 405
 * `method_not_allowed`, with an Allow header naming the allowed ones (RFC 9110 §15.5.6).
 */
export function refuseOtherMethods(
  app: FastifyInstance,
  url: string,
  allowed: readonly HttpMethod[],
): void {
  const allow = httpMethods.filter(
    (m) => allowed.includes(m) || (m === 'HEAD' && allowed.includes('GET')),
  );
  app.route({
    method: httpMethods.filter((m) => !allow.includes(m)),
    url,
    handler: async (request, reply) => {
      reply.header('allow', allow.join(', '));
      throw httpError('method_not_allowed', `${request.method} is not allowed here`);
    },
  });
}
