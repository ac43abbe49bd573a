import { isScopeToken, type Client } from '../clients/service.js';
import { splitList } from '../lib/lists.js';
import { resolveScopes } from '../oauth/scopes.js';
import { maxReturnToLength } from '../sessions/return-to.js';
import { authorizeError } from './errors.js';
import { authorizationUrl, type AuthorizationParameters } from './parameters.js';
import { checkPkce } from './pkce-parameters.js';
import { readMaxAge, readPrompt, type Prompt } from './prompt.js';

/** An authorization request whose every parameter has been checked against its client. */
export interface AuthorizationRequest {
  /** The scopes to grant: those asked for, or all the client's; none for an install client. */
  scopes: string[];
  /** The S256 challenge the code is bound to (RFC 7636). */
  codeChallenge: string | undefined;
  /** OpenID Connect Core §3.1.2.1: handed back in the ID token, as the client sent it. */
  nonce: string | undefined;
  prompt: ReadonlySet<Prompt>;
  maxAge: number | undefined;
  /** The org the client asks to act in (Gatehouse's `org_id`), if it names one. */
  orgId: string | undefined;
}

/** The authorization code flow, as a client's registration allows it. */
export function mayAuthorize(client: Pick<Client, 'install' | 'grantTypes'>): boolean {
  return client.install || client.grantTypes.includes('authorization_code');
}

/**
 * Checks a request whose client and redirect URI are known (target.ts), in this order; the
 * first failure is sent back to the client (RFC 6749 §4.1.2.1). `read` is every parameter
 * sent, `params` those Gatehouse acts on.
 */
export function checkRequest(
  read: ReadonlyMap<string, string>,
  params: AuthorizationParameters,
  client: Client,
): AuthorizationRequest {
  // OpenID Connect Core §3.1.2.6, §6: request objects and dynamic registration are not served.
  if (read.has('request')) {
    throw authorizeError('request_not_supported', 'request objects are not supported');
  }
  if (read.has('request_uri')) {
    throw authorizeError('request_uri_not_supported', 'request_uri is not supported');
  }
  if (read.has('registration')) {
    throw authorizeError('registration_not_supported', 'registration is not supported');
  }
  if (params.response_type === undefined) {
    throw authorizeError('invalid_request', 'response_type is required');
  }
  // RFC 6749 §3.1.1: the code flow alone (RFC 9700 §2.1.2: no implicit grant, no token in
  // the front channel).
  if (params.response_type !== 'code') {
    throw authorizeError('unsupported_response_type', 'response_type must be code');
  }
  // OAuth 2.0 Multiple Response Type Encoding Practices §2.1: the code comes in the query.
  if (params.response_mode !== undefined && params.response_mode !== 'query') {
    throw authorizeError('invalid_request', 'response_mode must be query');
  }
  if (!mayAuthorize(client)) {
    throw authorizeError(
      'unauthorized_client',
      'this client is not registered for the authorization code flow',
    );
  }
  const scopes = checkScopes(params.scope, client);
  const codeChallenge = checkPkce(params, client);
  const prompt = readPrompt(params);
  const maxAge = readMaxAge(params);
  // The request must fit the way back from the sign-in page (sessions/return-to.ts).
  if (authorizationUrl(params).length > maxReturnToLength) {
    throw authorizeError(
      'invalid_request',
      `the authorization request is longer than ${maxReturnToLength} characters`,
    );
  }
  return { scopes, codeChallenge, nonce: params.nonce, prompt, maxAge, orgId: params.org_id };
}

/**
 * RFC 6749 §3.3: scope tokens, each one the client is registered with (none asked: all of
 * them). An install client asks for none: what it may do is its install's (shared design of
 * the install handshake).
 */
function checkScopes(scope: string | undefined, client: Client): string[] {
  if (client.install) {
    if (scope !== undefined) {
      throw authorizeError('invalid_scope', 'an install request carries no scope');
    }
    return [];
  }
  if (scope !== undefined && !splitList(scope).every(isScopeToken)) {
    throw authorizeError('invalid_scope', 'scope must be scope tokens separated by spaces');
  }
  return resolveScopes(scope, client.scopes);
}
