import type { SecretHasher } from '../lib/hash.js';

/** What a form's token is bound to: a signed-in session, or the sign-in cookie before one. */
export type CsrfBinding = 'session' | 'signin';

/** The form field every POST of the browser pages carries its token in. */
export const csrfField = 'csrf_token';

export interface Csrf {
  /** The token of the forms of the browser that holds `value` (a session id, a sign-in value). */
  tokenFor(binding: CsrfBinding, value: string): string;
  /** Whether `token` is the one for `value`, compared in constant time; false without either. */
  check(binding: CsrfBinding, value: string | undefined, token: unknown): boolean;
}

/**
 * Tokens against cross-site request forgery (OWASP CSRF Prevention Cheat Sheet, the
 * synchronizer token kept statelessly as an HMAC of the session id under the server's hash
 * key): only a page served to the browser that holds the HttpOnly cookie can know the
 * token. The sign-in form is bound to a cookie of its own, so that another site cannot sign
 * a browser in to the attacker's account either (login CSRF). The binding is part of what
 * is hashed, so that a token of one kind is never one of the other, nor a stored hash.
 */
export function createCsrf(hasher: SecretHasher): Csrf {
  const input = (binding: CsrfBinding, value: string) => `csrf:${binding}:${value}`;
  return {
    tokenFor: (binding, value) => hasher.hash(input(binding, value)),
    check: (binding, value, token) =>
      value !== undefined &&
      typeof token === 'string' &&
      hasher.matches(input(binding, value), token),
  };
}
