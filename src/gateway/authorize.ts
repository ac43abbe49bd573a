import { DomainError } from '../errors.js';
import type { SubjectType } from '../oauth/access-tokens.js';
import { roleAtLeast, type Role } from '../orgs/roles.js';
import type { UserService } from '../users/service.js';
import type { Principal } from './principal.js';

/**
 * What an endpoint takes, beyond "a valid credential": the kinds of subject, and for access
 * tokens the clients they must have been issued to. A valid credential of another kind is
 * authenticated but not allowed: `not_permitted`.
 */
export interface CredentialRule {
  /** Subjects accepted; any when absent. */
  subjects?: readonly SubjectType[];
  /** Access tokens only from these clients (keys are not tokens); any when absent. */
  clients?: readonly string[];
  /** Said in the `not_permitted` error. */
  message: string;
}

export function requireCredentialKind(principal: Principal, rule: CredentialRule): Principal {
  const { subject, credential, clientId } = principal;
  const subjectAllowed = rule.subjects === undefined || rule.subjects.includes(subject.type);
  const clientAllowed =
    rule.clients === undefined ||
    credential.type !== 'access_token' ||
    (clientId !== null && rule.clients.includes(clientId));
  if (!subjectAllowed || !clientAllowed) throw new DomainError('not_permitted', rule.message);
  return principal;
}

/**
 * The role the principal holds now: a person's is their membership's at each call (from
 * memory once read, and read again after any change of it), so that a token outlives no
 * demotion or removal; a key's or client's is its own.
 */
export async function liveRole(principal: Principal, users: UserService): Promise<Role | null> {
  if (principal.subject.type !== 'user') return principal.role;
  return (await users.cachedRoleIn(principal.subject.id, principal.orgId)) ?? null;
}

/** `minimum` or a higher role, held now (see liveRole); `not_permitted` otherwise. */
export async function requireLiveRole(
  principal: Principal,
  minimum: Role,
  users: UserService,
): Promise<Role> {
  const role = await liveRole(principal, users);
  if (role === null || !roleAtLeast(role, minimum)) {
    throw new DomainError('not_permitted', `this needs the ${minimum} role or higher`);
  }
  return role;
}
