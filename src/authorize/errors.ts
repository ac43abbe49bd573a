import { DomainError } from '../errors.js';
import { WireError, wireErrors } from '../http/wire-error.js';

/**
 * The error codes the authorization endpoint sends back to the client, in the redirect
 * (RFC 6749 §4.1.2.1; OpenID Connect Core §3.1.2.6). The statuses are those of an answer that
 * could not be redirected; the endpoint never gives one, as each is caught by
 * `redirectedError` once the redirect URI is known.
 */
const authorizeStatuses = {
  invalid_request: 400,
  unauthorized_client: 400,
  access_denied: 403,
  unsupported_response_type: 400,
  invalid_scope: 400,
  login_required: 401,
  consent_required: 403,
  interaction_required: 403,
  request_not_supported: 400,
  request_uri_not_supported: 400,
  registration_not_supported: 400,
} as const;

export type AuthorizeErrorCode = keyof typeof authorizeStatuses;

export const authorizeError = wireErrors(authorizeStatuses);

/** The core's outcomes the endpoint sends back as an error, and their codes. */
const redirectedOutcomes: Partial<Record<DomainError['outcome'], AuthorizeErrorCode>> = {
  invalid_input: 'invalid_request',
  scope_not_allowed: 'invalid_scope',
};

/**
 * What the client is told of `failure` in the redirect (RFC 6749 §4.1.2.1), or undefined when
 * it is no answer to the request (a store that failed: a 500 page, with nothing sent back).
 */
export function redirectedError(
  failure: unknown,
): { error: string; error_description: string } | undefined {
  const code = codeOf(failure);
  if (code === undefined || !(failure instanceof Error)) return undefined;
  return { error: code, error_description: failure.message };
}

function codeOf(failure: unknown): string | undefined {
  if (failure instanceof WireError) {
    return failure.code in authorizeStatuses ? failure.code : undefined;
  }
  if (failure instanceof DomainError) return redirectedOutcomes[failure.outcome];
  return undefined;
}
