import { DomainError } from '../../errors.js';
import { intersect, resolveScopes } from '../scopes.js';
import { requireActsFor } from './client-org.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 8693 token exchange, for one kind of subject token: an API key, exchanged for a
 * short-lived access token (and a refresh token) so that the key itself need not travel
 * with every request.
 */
export const grantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const parameters = ['subject_token', 'subject_token_type'] as const;

/** RFC 8693 §3 lets a server name its own token types by URI. */
export const apiKeyTokenType = 'urn:gatehouse:params:oauth:token-type:api-key';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

const invalidKey = 'the API key is invalid, expired or revoked';

export async function handle({ client, params }: GrantRequest, deps: GrantDeps) {
  if (params.subject_token_type !== apiKeyTokenType) {
    throw new DomainError('invalid_input', `subject_token_type must be ${apiKeyTokenType}`);
  }
  const requested = params.requested_token_type;
  if (requested !== undefined && requested !== accessTokenType) {
    throw new DomainError('invalid_input', `requested_token_type must be ${accessTokenType}`);
  }
  // RFC 8693 §2.2.2: an invalid subject_token is invalid_grant, as credential_invalid is.
  // Another org's key, to an org's own client, is answered as an invalid one (client-org.ts).
  const key = await deps.apiKeys.verify(params.subject_token ?? '');
  if (key === undefined) throw new DomainError('credential_invalid', invalidKey);
  requireActsFor(client, key.orgId, invalidKey);
  const response = await deps.issuer.issue({
    client,
    orgId: key.orgId,
    subjectType: 'api_key',
    subjectId: key.id,
    role: key.role,
    scopes: resolveScopes(params.scope, intersect(key.scopes, client.scopes)),
    notAfter: key.expiresAt,
    refresh: client.grantTypes.includes('refresh_token'),
  });
  return { ...response, issued_token_type: accessTokenType };
}
