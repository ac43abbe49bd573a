import type { Client } from '../../clients/service.js';
import { DomainError } from '../../errors.js';
import type { RefreshGrant } from '../refresh-tokens.js';
import { refreshStanding, type SubjectStanding } from '../refresh-standing.js';
import { intersect, resolveScopes } from '../scopes.js';
import { requireActsFor } from './client-org.js';
import type { TokenResponse } from '../token-issuer.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §6. Every check comes first (the token, its client, its subject, the scope), and
 * only then is the token spent and replaced (rotation): a refused request costs the caller
 * nothing. The new token continues the same family. A surface with its own refresh endpoint
 * calls checkRefresh and redeemRefresh as this grant does.
 */
export const grantType = 'refresh_token';
export const parameters = ['refresh_token'] as const;

const withdrawn = 'the grant behind this refresh token was withdrawn';

export async function handle({ client, params }: GrantRequest, deps: GrantDeps) {
  const checked = await checkRefresh(params.refresh_token ?? '', client.id, params.scope, deps);
  // The client must still act for the grant's org (a platform client no longer one), checked
  // before the token is spent like every other check.
  requireActsFor(client, checked.grant.orgId, withdrawn);
  return redeemRefresh(checked, client, deps);
}

/** A refresh request that passed every check, not yet spent. */
export interface CheckedRefresh {
  token: string;
  grant: RefreshGrant;
  subject: SubjectStanding;
  /** The scope of the new access token. */
  scopes: string[];
}

/** Checks a refresh of `token` by `clientId`; spends nothing but a replayed token's family. */
export async function checkRefresh(
  token: string,
  clientId: string,
  scope: string | undefined,
  deps: Pick<GrantDeps, 'refreshTokens' | 'users' | 'apiKeys'>,
): Promise<CheckedRefresh> {
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
  return { token, grant: standing.grant, subject: standing.subject, scopes };
}

/**
 * Spends the token by one conditional statement (of racing copies at most one wins; the
 * others are replays and revoke the family) and issues the new pair. The access token gets
 * the scope asked for; the refresh token keeps the grant's own (RFC 6749 §6: a narrower
 * scope is for this access token, not the rest of the grant).
 */
export async function redeemRefresh(
  { token, grant, subject, scopes }: CheckedRefresh,
  client: Client,
  deps: Pick<GrantDeps, 'refreshTokens' | 'issuer'>,
  /** `aud` of the new access token, for a surface that issues for itself. */
  audience?: string,
): Promise<TokenResponse> {
  await deps.refreshTokens.consume(token, client.id);
  return deps.issuer.issue({
    client,
    orgId: grant.orgId,
    subjectType: grant.subjectType,
    subjectId: grant.subjectId,
    role: subject.role,
    scopes,
    notAfter: subject.notAfter,
    refresh: { familyId: grant.familyId, scopes: grant.scopes },
    ...(audience === undefined ? {} : { audience }),
  });
}
