import type { Client } from '../clients/service.js';
import { isCodeChallenge, isPkceMethod } from '../oauth/pkce.js';
import { authorizeError } from './errors.js';
import type { AuthorizationParameters } from './parameters.js';

/**
 * The PKCE challenge of a request (RFC 7636 §4.3), S256 only. `plain` is refused, as is a
 * challenge without a method, which RFC 7636 §4.3 reads as `plain`: the challenge would be
 * the verifier itself, seen by anyone who sees the request (RFC 9700 §2.1.1). A client
 * registered with PKCE required (every public client) must send one (RFC 9700 §2.1.1,
 * §4.8); a confidential client registered without may leave it out, and if it sends one the
 * code is bound to it all the same.
 */
export function checkPkce(
  params: AuthorizationParameters,
  client: Pick<Client, 'pkceRequired'>,
): string | undefined {
  const { code_challenge: challenge, code_challenge_method: method } = params;
  if (challenge === undefined) {
    if (method !== undefined) {
      throw authorizeError(
        'invalid_request',
        'code_challenge_method was sent without code_challenge',
      );
    }
    if (client.pkceRequired) {
      throw authorizeError(
        'invalid_request',
        'code_challenge is required: this client must use PKCE with S256 (RFC 7636)',
      );
    }
    return undefined;
  }
  if (method === undefined || !isPkceMethod(method)) {
    throw authorizeError('invalid_request', 'code_challenge_method must be S256');
  }
  if (!isCodeChallenge(challenge)) {
    throw authorizeError(
      'invalid_request',
      'code_challenge must be 43 base64url characters (an S256 digest)',
    );
  }
  return challenge;
}
