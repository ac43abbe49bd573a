import { DomainError } from '../../errors.js';
import type { RefreshGrant } from '../refresh-tokens.js';
import { refreshStanding, type SubjectStanding } from '../refresh-standing.js';
import { intersect, resolveScopes } from '../scopes.js';
import type { Grant } from '../token-issuer.js';
import { actingClientId, clientFor, requireActing, type ActingClient } from './acting-client.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §6. Every check comes first (the token, its client, its subject, the scope), and
 * only then is the token spent and replaced (rotation, RFC 9700 §4.14.2), both in the one
 * commit that stores the new token: a refused request costs the caller nothing. The new
 * token continues the same family. A surface with its own refresh endpoint resolves its
 * refresh here, as this grant does.
 */
export const grantType = 'refresh_token';
export const parameters = ['refresh_token'] as const;
/** A public client refreshes without authenticating (RFC 6749 §6, RFC 9700 §4.14.2). */
export const publicClients = true;

const withdrawn = 'the grant behind this refresh token was withdrawn';

/** A refresh: the token endpoint's refresh grant, and a surface's own refresh endpoint. */
export interface RefreshRequest {
  client: ActingClient;
  /** The refresh token presented. */
  token: string;
  /** A narrower scope for the new access token (RFC 6749 §6); none means the grant's own. */
  scope?: string;
}

type RefreshDeps = Pick<GrantDeps, 'refreshTokens' | 'users' | 'apiKeys'>;

/**
 * Checks the refresh: what is returned is the grant of the new pair, which spends the token
 * as it is issued (one conditional statement: of racing copies at most one wins; the others
 * are replays and revoke the family), and issuing it is all that is left to do. The access
 * token gets the scope asked for; the refresh token keeps the grant's own (RFC 6749 §6: a
 * narrower scope is for this access token, not the rest of the grant). No ID token comes with it, even for a family started
 * with `openid` (OpenID Connect Core §12.2 allows either): it would report a sign-in that a
 * refresh does not repeat.
 */
export async function resolveRefresh(request: RefreshRequest, deps: RefreshDeps): Promise<Grant> {
  const { grant, subject, scopes } = await check(request, deps);
  return {
    client: clientFor(request.client, grant.orgId),
    orgId: grant.orgId,
    subjectType: grant.subjectType,
    subjectId: grant.subjectId,
    role: subject.role,
    scopes,
    notAfter: subject.notAfter,
    refresh: { familyId: grant.familyId, scopes: grant.scopes, spends: request.token },
  };
}

export async function handle({ client, params }: GrantRequest, deps: GrantDeps) {
  const token = params.refresh_token ?? '';
  const grant = await resolveRefresh(
    { client: { registered: client }, token, scope: params.scope },
    deps,
  );
  return deps.issuer.issue(grant);
}

/** Every check of a refresh; spends nothing but a replayed token's family. */
async function check(
  { client, token, scope }: RefreshRequest,
  deps: RefreshDeps,
): Promise<{ grant: RefreshGrant; subject: SubjectStanding; scopes: string[] }> {
  const clientId = actingClientId(client);
  const standing = await refreshStanding(token, deps);
  if (standing.status === 'invalid' || standing.grant.clientId !== clientId) {
    return deps.refreshTokens.refuse(token, clientId);
  }
  if (standing.status === 'withdrawn') {
    throw new DomainError('credential_invalid', withdrawn);
  }
  // A narrower scope may be asked for, never a wider one; none means the whole grant.
  // A key's family carries only what the key may still carry (its org may have dropped some).
  const held = standing.subject.scopes;
  const grantable = held === null ? standing.grant.scopes : intersect(standing.grant.scopes, held);
  const scopes = resolveScopes(scope, grantable);
  // The client must still act for the grant's org (a platform client no longer one).
  requireActing(client, standing.grant.orgId, withdrawn);
  return { grant: standing.grant, subject: standing.subject, scopes };
}
