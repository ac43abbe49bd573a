import { AppError } from '../errors.js';
import type { Authenticator } from '../gateway/authenticate.js';
import type { Principal } from '../gateway/principal.js';
import { roleAtLeast, type Role } from '../orgs/roles.js';
import type { UserService } from '../users/service.js';

/**
 * The management API acts for a person: the principal must be a user's access token, and
 * the user must hold `minimum` in `orgId`. An org the user is not in is not_found, the same
 * as an org that does not exist, so that ids of other tenants cannot be probed.
 */
export async function requireOrgRole(
  users: UserService,
  principal: Principal,
  orgId: string,
  minimum: Role,
): Promise<{ userId: string; role: Role }> {
  const userId = requireUser(principal);
  const role = await users.roleIn(userId, orgId);
  if (role === undefined) throw new AppError('not_found', 'no such org');
  if (!roleAtLeast(role, minimum)) {
    throw new AppError('forbidden', `this needs the ${minimum} role or higher in the org`);
  }
  return { userId, role };
}

/** The management API acts for a person: anything but a user's access token is forbidden. */
export function requireUser(principal: Principal): string {
  if (principal.subject.type !== 'user') {
    throw new AppError('forbidden', "the management API needs a user's access token");
  }
  return principal.subject.id;
}

/** The bearer of `authorization`, who must hold `minimum` in `orgId` (see requireOrgRole). */
export async function authorizeOrg(
  deps: { authenticator: Authenticator; users: UserService },
  authorization: string | undefined,
  orgId: string,
  minimum: Role,
): Promise<{ userId: string; role: Role }> {
  const principal = await deps.authenticator.fromHeader(authorization);
  return requireOrgRole(deps.users, principal, orgId, minimum);
}
