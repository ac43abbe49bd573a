import { DomainError } from '../errors.js';
import { splitList } from '../lib/lists.js';

/**
 * RFC 6749 §3.3: the scopes to grant. No `scope` parameter means everything allowed; asking
 * for anything outside `allowed` is scope_not_allowed (invalid_scope) rather than a silent narrowing, so that a
 * client learns of its mistake.
 */
export function resolveScopes(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const asked = [...new Set(splitList(requested))];
  const refused = asked.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new DomainError('scope_not_allowed', `scope not allowed: ${refused.join(' ')}`);
  }
  return asked;
}

export function intersect(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((scope) => b.includes(scope));
}
