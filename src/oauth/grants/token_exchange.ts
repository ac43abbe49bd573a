import { DomainError } from '../../errors.js';
import type { UsageLimiter } from '../../gateway/usage-limit.js';
import { intersect, resolveScopes } from '../scopes.js';
import type { Grant } from '../token-issuer.js';
import { clientFor, requireActing, type ActingClient } from './acting-client.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 8693 token exchange, for one kind of subject token: an API key, exchanged for a
 * short-lived access token (and a refresh token) so that the key itself need not travel
 * with every request.
 */
export const grantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const parameters = ['subject_token', 'subject_token_type'] as const;
/** An API key is exchanged only by a client that authenticates, never by a public one. */
export const publicClients = false;

/** RFC 8693 §3 lets a server name its own token types by URI. */
export const apiKeyTokenType = 'urn:gatehouse:params:oauth:token-type:api-key';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

const invalidKey = 'the API key is invalid, expired or revoked';

/** An API key exchanged for tokens: the token endpoint's exchange, and a surface's own login. */
export interface ApiKeyExchange {
  client: ActingClient;
  /** The API key presented (RFC 8693 `subject_token`). */
  key: string;
  /** The org the request names, if any: a key of another org is `not_found` there. */
  orgId?: string;
  /** The scope asked for (RFC 6749 §3.3), within the key's (and a registered client's). */
  scope?: string;
  /** Counts the exchange against the key's org's usage limit, once that org is known. */
  usage?: Pick<UsageLimiter, 'consume'>;
}

/**
 * The grant of an API key. An invalid key is `credential_invalid` (the token endpoint's
 * `invalid_grant`, RFC 8693 §2.2.2), and so is another org's key to an org's own client,
 * answered as an invalid one (client-org.ts).
 */
export async function resolveApiKeyExchange(
  { client: acting, key: secret, orgId, scope, usage }: ApiKeyExchange,
  deps: Pick<GrantDeps, 'apiKeys'>,
): Promise<Grant> {
  // verify() refuses anything that is not a live key, a JWT or a refresh token included.
  const key = await deps.apiKeys.verify(secret);
  if (key === undefined) throw new DomainError('credential_invalid', invalidKey);
  await usage?.consume(key.orgId);
  // A key is valid only for its own org.
  if (orgId !== undefined && orgId !== key.orgId) {
    throw new DomainError('not_found', 'the API key belongs to another organization');
  }
  requireActing(acting, key.orgId, invalidKey);
  const client = clientFor(acting, key.orgId);
  // A verified key carries only the scopes its org defines now (apikeys/service.ts); a
  // registered client narrows them to its own, a surface's first-party client does not.
  const allowed = 'registered' in acting ? intersect(key.scopes, client.scopes) : key.scopes;
  return {
    client,
    orgId: key.orgId,
    subjectType: 'api_key',
    subjectId: key.id,
    role: key.role,
    scopes: resolveScopes(scope, allowed),
    notAfter: key.expiresAt,
    refresh: client.grantTypes.includes('refresh_token'),
  };
}

export async function handle({ client, params }: GrantRequest, deps: GrantDeps) {
  if (params.subject_token_type !== apiKeyTokenType) {
    throw new DomainError('invalid_input', `subject_token_type must be ${apiKeyTokenType}`);
  }
  const requested = params.requested_token_type;
  if (requested !== undefined && requested !== accessTokenType) {
    throw new DomainError('invalid_input', `requested_token_type must be ${accessTokenType}`);
  }
  const grant = await resolveApiKeyExchange(
    { client: { registered: client }, key: params.subject_token ?? '', scope: params.scope },
    deps,
  );
  return { ...(await deps.issuer.issue(grant)), issued_token_type: accessTokenType };
}
