import { DomainError } from '../errors.js';
import { roleAtLeast, type Role } from '../orgs/roles.js';

/**
 * Who acts on a key: a person, with the role they hold in the key's org now, or the
 * operator (the command line, or Gatehouse itself, e.g. an uninstall revoking the install's
 * own key), who holds every role.
 */
export type KeyActor = { role: Role } | 'operator';

/**
 * Nobody acts on a credential above their own role: a key never carries more than the
 * person who made it, and a person never revokes a key that carries more than they hold
 * (a developer cannot cut off the owner's key). A key with no role carries none. The one
 * rule for creating and revoking keys, wherever it is done.
 */
export function requireAuthorityOver(
  actor: KeyActor,
  keyRole: Role | null,
  action: 'create' | 'revoke',
): void {
  if (actor === 'operator' || keyRole === null || roleAtLeast(actor.role, keyRole)) return;
  const who = /^[aeiou]/.test(actor.role) ? `an ${actor.role}` : `a ${actor.role}`;
  throw new DomainError('not_permitted', `${who} cannot ${action} a key with the ${keyRole} role`);
}
