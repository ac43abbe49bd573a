import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: `plain` sends the verifier itself as the
 * challenge, so anyone who sees the authorization request can redeem the code (RFC 9700
 * §2.1.1 forbids it where S256 can be used, and every client can).
 */
export const pkceMethods = ['S256'] as const;

export type PkceMethod = (typeof pkceMethods)[number];

// RFC 7636 §4.1: code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
const verifierShape = /^[A-Za-z0-9\-._~]{43,128}$/;
// An S256 challenge is BASE64URL of a SHA-256 digest without padding (RFC 7636 §4.2,
// Appendix A): exactly 43 characters, or no verifier could ever match it.
const challengeShape = /^[A-Za-z0-9_-]{43}$/;

export function isPkceMethod(method: string): method is PkceMethod {
  return (pkceMethods as readonly string[]).includes(method);
}

export function isCodeChallenge(challenge: string): boolean {
  return challengeShape.test(challenge);
}

export function isCodeVerifier(verifier: string): boolean {
  return verifierShape.test(verifier);
}

/**
 * A malformed verifier (RFC 7636 §4.1 fixes its syntax) makes the request malformed:
 * `invalid_input`, whatever code it comes with. No verifier at all is no fault here.
 */
export function requireWellFormedVerifier(verifier: string | undefined): void {
  if (verifier !== undefined && !isCodeVerifier(verifier)) {
    throw new DomainError('invalid_input', 'code_verifier must be 43 to 128 unreserved characters');
  }
}

/** RFC 7636 §4.2: the S256 challenge of `verifier`, BASE64URL(SHA256(ASCII(verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(verifier))) == challenge, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(s256Challenge(verifier));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
