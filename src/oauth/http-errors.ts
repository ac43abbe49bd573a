import type { Renderer } from '../http/error-handler.js';
import { answer, WireError, wireErrors, type OutcomeTable } from '../http/wire-error.js';
import { noStore } from './no-store.js';

/** RFC 6749 §5.2 errors that only the endpoints raise, about the client or the request. */
const protocolStatuses = {
  invalid_client: 401,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
} as const;

export const oauthError = wireErrors(protocolStatuses);

/** What each domain outcome is at the OAuth endpoints (RFC 6749 §5.2, RFC 8693 §2.2.2). */
const oauthCodes: OutcomeTable = {
  invalid_input: ['invalid_request', 400],
  // A password, refresh token or API key that is wrong, expired or revoked is the grant.
  credential_invalid: ['invalid_grant', 400],
  scope_not_allowed: ['invalid_scope', 400],
  // Only the password grant meets these: a person in no org, or not in the one asked for.
  not_permitted: ['invalid_grant', 400],
  not_found: ['invalid_grant', 400],
  conflict: ['invalid_request', 409],
  rate_limited: ['slow_down', 429],
  internal: ['server_error', 500],
};

/** RFC 6749 §5.2 error body: `{error, error_description}`, never cached. */
export const renderOAuthError: Renderer = (failure, request, reply) => {
  const { code, message } = answer(reply, failure, oauthCodes);
  reply.headers(noStore);
  // §5.2: a client that tried HTTP Basic, or no authentication at all, is told how to authenticate.
  const authorization = request.headers.authorization;
  if (
    code === 'invalid_client' &&
    (authorization === undefined || /^basic /i.test(authorization))
  ) {
    reply.header('www-authenticate', 'Basic realm="gatehouse", charset="UTF-8"');
  }
  // HTTP's own refusals (413, 415) keep their status; §5.2 names them invalid_request.
  const error =
    failure instanceof WireError && !(code in protocolStatuses) ? 'invalid_request' : code;
  return reply.send({ error, error_description: message });
};
