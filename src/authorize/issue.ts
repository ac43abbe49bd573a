import type { Services } from '../services.js';
import { authorizationCodeTtl } from '../oauth/authorization-codes.js';
import type { AuthorizationRequest } from './request.js';
import type { Target } from './target.js';

export type IssueDeps = Pick<Services, 'authorizationCodes' | 'accessCodes'>;

/**
 * The code the redirect carries once the person has allowed the request in `orgId`. For an
 * ordinary client, an authorization code (RFC 6749 §4.1.2) bound to the client, the redirect
 * URI, the person, the org, the scopes, the PKCE challenge, the nonce and the time the person
 * signed in, for the `authorization_code` grant to redeem. For an install client, the
 * single-use access code that `integrations.insert` redeems, bound to the client, the org and
 * the challenge, living as long as an authorization code.
 */
export async function issueCode(
  { authorizationCodes, accessCodes }: IssueDeps,
  { client, redirectUri }: Target,
  request: AuthorizationRequest,
  person: { userId: string; authTime: number },
  orgId: string,
): Promise<string> {
  const { codeChallenge } = request;
  if (client.install) {
    const issued = await accessCodes.issue({
      clientId: client.id,
      orgId,
      ttl: authorizationCodeTtl,
      ...(codeChallenge === undefined ? {} : { codeChallenge }),
    });
    return issued.code;
  }
  return authorizationCodes.issue({
    clientId: client.id,
    redirectUri,
    userId: person.userId,
    orgId,
    scopes: request.scopes,
    ...(codeChallenge === undefined ? {} : { codeChallenge, codeChallengeMethod: 'S256' }),
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    authTime: person.authTime,
  });
}
