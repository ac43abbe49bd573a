import type { onRequestAsyncHookHandler } from 'fastify';
import type { Authenticator } from '../../gateway/authenticate.js';
import { requireCredentialKind } from '../../gateway/authorize.js';
import type { Principal } from '../../gateway/principal.js';
import type { UsageLimiter } from '../../gateway/usage-limit.js';
import type { RecordService } from '../../records/service.js';
import { admit, requestSlot } from '../wire.js';
import { requestorHeader, resolveRequestor, type RequestorPolicy } from './requestor.js';

/** Who sends a command: the bearer token's principal and, where given, the requestor. */
export interface Caller {
  principal: Principal;
  /** The natural person named by Requestor-ID; null where the command is exempt and none is. */
  requestorId: string | null;
}

// Filled by the onRequest hooks below, read by the command handler of the same request.
const principals = requestSlot<Principal>('principal');
const callers = requestSlot<Caller>('caller');

/**
 * Step 1, before the body is read: the bearer access token (401 `unauthorized` when missing,
 * invalid, expired or revoked), counted against the org's usage limit. It must be a
 * client_credentials token (the contract's one way in): an API key or a person's token is
 * `forbidden`.
 */
export function authenticateCaller(deps: {
  authenticator: Authenticator;
  usage: UsageLimiter;
}): onRequestAsyncHookHandler {
  return async function authenticatePartnerCaller(request) {
    const principal = await deps.authenticator.fromHeader(request.headers.authorization);
    principals.set(
      request,
      requireCredentialKind(await admit(principal, deps.usage), {
        subjects: ['client'],
        message: 'commands take an access token from the client_credentials grant',
      }),
    );
  };
}

/** Step 2: the command's requestor rule (requestor.ts). */
export function identifyRequestor(
  records: RecordService,
  policy: RequestorPolicy,
): onRequestAsyncHookHandler {
  return async function identifyPartnerRequestor(request) {
    const principal = principals.get(request);
    const header = request.headers[requestorHeader];
    const requestorId = await resolveRequestor(policy, header, principal.orgId, records);
    callers.set(request, { principal, requestorId });
  };
}

export const callerOf = callers.get;
