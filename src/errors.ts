/**
 * What can go wrong in the core, as a closed set of outcomes. The core says what happened,
 * never how a wire format says it: each edge (the OAuth endpoints, /v1, each contract
 * surface) maps an outcome to its own code and status in one table of its own, and raises
 * its own protocol errors (`http/wire-error.ts`). Anything else is a 500 with no detail.
 */
export const outcomes = [
  /** The input breaks a rule: a missing field, a name too long, a date in the past. */
  'invalid_input',
  /**
   * A password, API key, token, client secret or code is wrong, unknown, expired, spent or
   * revoked. It never says which, so that a caller learns nothing about what exists.
   */
  'credential_invalid',
  /** A scope asked for that the client, key or org does not allow. */
  'scope_not_allowed',
  /** The caller is who it says, but may not do this. */
  'not_permitted',
  'not_found',
  /** The thing exists already (a taken id, an email in use). */
  'conflict',
  /** Over a usage limit; `retryAfter` says when to try again. */
  'rate_limited',
  /** A broken invariant of our own: logged, and answered without detail. */
  'internal',
] as const;

export type Outcome = (typeof outcomes)[number];

/**
 * What failed, where an edge must tell apart two failures of one outcome: the install
 * handshake answers an unknown client, a wrong client secret and a spent access code
 * differently; a surface challenges only a refused bearer credential (RFC 6750 §3).
 */
export type Subject = 'client' | 'access_code' | 'bearer';

export class DomainError extends Error {
  readonly outcome: Outcome;
  readonly subject: Subject | undefined;
  /** Seconds, for `rate_limited` (RFC 9110 §10.2.3 Retry-After). */
  readonly retryAfter: number | undefined;

  constructor(
    outcome: Outcome,
    message: string,
    options: { subject?: Subject; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.outcome = outcome;
    this.subject = options.subject;
    this.retryAfter = options.retryAfter;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** A refused credential, as opposed to a failure to check one (a store that is down). */
export function isCredentialInvalid(error: unknown): error is DomainError {
  return isDomainError(error) && error.outcome === 'credential_invalid';
}
