import { AppError } from '../../errors.js';
import type { Role } from '../../orgs/roles.js';
import type { RefreshGrant } from '../refresh-tokens.js';
import { resolveScopes } from '../scopes.js';
import { requireActsFor } from './client-org.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §6. The token is spent and replaced (rotation); the new one continues the same
 * family. A narrower scope may be asked for, never a wider one. The subject must still
 * stand: a user still in the org, an API key not revoked; and the client must still act
 * for the org (client-org.ts).
 */
export const grantType = 'refresh_token';
export const parameters = ['refresh_token'] as const;

const withdrawn = 'the grant behind this refresh token was withdrawn';

export async function handle({ client, params }: GrantRequest, deps: GrantDeps) {
  const grant = await deps.refreshTokens.consume(params.refresh_token ?? '', client.id);
  requireActsFor(client, grant.orgId, withdrawn);
  const role = await currentRole(grant, deps);
  return deps.issuer.issue({
    client,
    orgId: grant.orgId,
    subjectType: grant.subjectType,
    subjectId: grant.subjectId,
    role,
    scopes: resolveScopes(params.scope, grant.scopes),
    refresh: { familyId: grant.familyId },
  });
}

/**
 * The role the grant carries forward, read afresh: the subject must still stand (a user
 * still in the org, an API key not revoked), else invalid_grant.
 */
export async function currentRole(
  grant: RefreshGrant,
  deps: Pick<GrantDeps, 'users' | 'apiKeys'>,
): Promise<Role | null> {
  const gone = () =>
    new AppError('invalid_grant', 'the grant behind this refresh token was withdrawn');
  switch (grant.subjectType) {
    case 'user': {
      const role = await deps.users.roleIn(grant.subjectId, grant.orgId);
      if (role === undefined) throw gone();
      return role;
    }
    case 'api_key': {
      const key = await deps.apiKeys.findLive(grant.orgId, grant.subjectId);
      if (key === undefined) throw gone();
      return key.role;
    }
    default:
      return null;
  }
}
