import type { Renderer } from '../http/error-handler.js';
import { answer, WireError, wireErrors, type OutcomeTable } from '../http/wire-error.js';
import { noStore } from './no-store.js';

/**
 * The errors of a resource that takes a Bearer access token (RFC 6750 §3.1), as the userinfo
 * endpoint answers them (OpenID Connect Core §5.3.3): the body is `{error, error_description}`
 * as at the other OAuth endpoints, and the WWW-Authenticate challenge names the same error.
 */
const bearerStatuses = { invalid_token: 401 } as const;

/**
 * The one error the edge raises itself: a request that presents no token (none in the
 * Authorization header, or one of another scheme, and none in a form body). RFC 6750 §3.1
 * says its challenge names no error, only the realm.
 */
export const noBearerToken = () =>
  wireErrors(bearerStatuses)('invalid_token', 'the request carries no Bearer access token');

/** What each domain outcome is at a Bearer-protected resource (RFC 6750 §3.1). */
const bearerCodes: OutcomeTable = {
  invalid_input: ['invalid_request', 400],
  // An invalid, expired or revoked token, or one that is not for this resource.
  credential_invalid: ['invalid_token', 401],
  scope_not_allowed: ['insufficient_scope', 403],
  not_permitted: ['insufficient_scope', 403],
  not_found: ['invalid_token', 401],
  conflict: ['invalid_request', 409],
  rate_limited: ['slow_down', 429],
  internal: ['server_error', 500],
};

/** The codes a challenge names (RFC 6750 §3.1); HTTP's own refusals carry none. */
const challenged: ReadonlySet<string> = new Set([
  'invalid_request',
  'invalid_token',
  'insufficient_scope',
]);

/**
 * The renderer of a Bearer-protected resource of the OAuth endpoints, which names the realm
 * as /v1 does, and `scope` (the one it needs) with `insufficient_scope`.
 */
export function bearerErrorRenderer(scope: string): Renderer {
  return (failure, _request, reply) => {
    const { code, message } = answer(reply, failure, bearerCodes);
    reply.headers(noStore);
    const realm = 'Bearer realm="gatehouse"';
    if (failure instanceof WireError && code in bearerStatuses) {
      reply.header('www-authenticate', realm);
    } else if (challenged.has(code)) {
      const needed = code === 'insufficient_scope' ? `, scope="${scope}"` : '';
      reply.header(
        'www-authenticate',
        `${realm}, error="${code}", error_description="${describable(message)}"${needed}`,
      );
    }
    // HTTP's own refusals (413, 415) keep their status; RFC 6750 §3.1 names them invalid_request.
    const error =
      failure instanceof WireError && !(code in bearerStatuses) ? 'invalid_request' : code;
    return reply.send({ error, error_description: message });
  };
}

/** RFC 6750 §3: error_description is `%x20-21 / %x23-5B / %x5D-7E`; anything else is dropped. */
function describable(message: string): string {
  return message.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
}
