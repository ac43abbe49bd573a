import type { ApiKeyService } from '../apikeys/service.js';
import type { Role } from '../orgs/roles.js';
import type { UserService } from '../users/service.js';
import type { RefreshGrant, RefreshTokenService } from './refresh-tokens.js';

/** What a grant's subject carries forward when it still stands, read afresh. */
export interface SubjectStanding {
  role: Role | null;
  /** The subject's own expiry (an API key's): no token of the family may outlive it. */
  notAfter: number | null;
  /** The scopes the subject may still carry (an API key's, as its org defines them now). */
  scopes: string[] | null;
}

export type RefreshStanding =
  | { status: 'live'; grant: RefreshGrant; subject: SubjectStanding }
  /** The token itself is live, but its subject no longer stands. */
  | { status: 'withdrawn'; grant: RefreshGrant }
  /** Unknown, spent, expired, or of a revoked family or client. */
  | { status: 'invalid' };

export interface StandingDeps {
  refreshTokens: RefreshTokenService;
  users: Pick<UserService, 'roleIn'>;
  apiKeys: Pick<ApiKeyService, 'findLive'>;
}

/**
 * The one rule for whether a refresh token is live, which the refresh grant and
 * introspection (RFC 7662 §2.2 "active") both apply: the token is unspent and unexpired, its
 * family and its client are not revoked, and its subject still stands. A revoked key or
 * client also revokes its families (services.ts); this rule holds without that.
 */
export async function refreshStanding(token: string, deps: StandingDeps): Promise<RefreshStanding> {
  const grant = await deps.refreshTokens.find(token);
  if (grant === undefined) return { status: 'invalid' };
  const subject = await subjectStanding(grant, deps);
  return subject === undefined
    ? { status: 'withdrawn', grant }
    : { status: 'live', grant, subject };
}

/**
 * Whether the grant's subject still stands: a user still a member of the org (with the role
 * they hold now), an API key neither revoked nor expired. Other subjects are not re-read.
 */
export async function subjectStanding(
  grant: RefreshGrant,
  deps: Omit<StandingDeps, 'refreshTokens'>,
): Promise<SubjectStanding | undefined> {
  switch (grant.subjectType) {
    case 'user': {
      const role = await deps.users.roleIn(grant.subjectId, grant.orgId);
      return role === undefined ? undefined : { role, notAfter: null, scopes: null };
    }
    case 'api_key': {
      const key = await deps.apiKeys.findLive(grant.orgId, grant.subjectId);
      return key === undefined
        ? undefined
        : { role: key.role, notAfter: key.expiresAt, scopes: key.scopes };
    }
    default:
      return { role: null, notAfter: null, scopes: null };
  }
}
