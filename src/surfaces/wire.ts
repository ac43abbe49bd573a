import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '../clients/service.js';
import type { SurfaceName } from '../config.js';
import { AppError } from '../errors.js';
import type { Principal } from '../gateway/principal.js';
import type { UsageLimiter } from '../gateway/usage-limit.js';
import { toAppError } from '../http/errors.js';
import type { ActingClient } from '../oauth/grants/acting-client.js';
import { requestSlot } from '../http/request-slot.js';

export { requestSlot };

/**
 * What the four contract surfaces share: errors as a type-tagged body `{"type": code}`
 * (docs/architecture.md), rendered in one place; the usage limit; and the first-party
 * client that tokens issued by a surface's own login endpoint are issued to.
 */
/** The error body of every surface, for response schemas. */
export const TypeErrorBody = Type.Object({ type: Type.String() });

export function sendTypeError(error: AppError, reply: FastifyReply) {
  reply.status(error.status);
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  return reply.send({ type: error.code });
}

/** The paths of each surface, for answers given before any of its routes runs. */
const surfacePaths: Record<SurfaceName, RegExp> = {
  partly: /^\/api\/2026-01\//,
  partium: /^\/(?:1\/|auth(?:[/?]|$))/,
  patchworks: /^\/fabric\//,
  partner: /^\/partner\//,
};

/** Whether `url` belongs to one of the `mounted` surfaces, whose errors are `{type}`. */
export function isSurfacePath(url: string, mounted: readonly SurfaceName[]): boolean {
  return mounted.some((name) => surfacePaths[name].test(url));
}

/** Every error raised in this plugin's routes (bad JSON, schema, auth) as `{type}`. */
export function useTypeErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendTypeError(appError, reply);
  });
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
function firstPartyClient(id: string, orgId: string): Client {
  return {
    id,
    orgId,
    name: id,
    type: 'confidential',
    grantTypes: ['password', 'refresh_token'],
    scopes: [],
    redirectUris: [],
    accessTokenTtl: null,
    createdAt: 0,
    revokedAt: null,
    // Built for the one org in question: it acts for that org only.
    platform: false,
  };
}

/** A surface's own login, as the grants resolve it: its first-party client, for each org. */
export function firstParty(id: string): ActingClient {
  return { firstParty: { id, forOrg: (orgId) => firstPartyClient(id, orgId) } };
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
      throw new AppError('method_not_allowed', `${request.method} is not allowed here`);
    },
  });
}
