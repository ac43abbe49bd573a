import type { FastifyReply } from 'fastify';
import { DomainError, type Outcome } from '../errors.js';

/**
 * A protocol error that only an edge raises, already in that edge's code and status: OAuth's
 * `invalid_client`, HTTP's 405, a surface's own codes. The core never raises one.
 */
export class WireError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'WireError';
    this.code = code;
    this.status = status;
  }
}

/** An edge's own codes with their statuses, as one closed table, and the way to raise them. */
export function wireErrors<Code extends string>(statuses: Readonly<Record<Code, number>>) {
  return (code: Code, message: string) => new WireError(code, statuses[code], message);
}

/** HTTP's own refusals, raised alike on every surface. */
export const httpError = wireErrors({
  // RFC 9110 §15.5.6, §15.5.14, §15.5.16.
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
});

/** What an error handler renders: a domain outcome, or an edge's own protocol error. */
export type Failure = DomainError | WireError;

/** An edge's one table from a domain outcome to its wire code and status. */
export type OutcomeTable = Readonly<Record<Outcome, readonly [code: string, status: number]>>;

/**
 * Sets the status (and Retry-After, RFC 9110 §10.2.3) of the answer to `failure`, and
 * returns its wire code: an edge's own error keeps its code; an outcome takes `table`'s.
 */
export function answer(
  reply: FastifyReply,
  failure: Failure,
  table: OutcomeTable,
): { code: string; message: string } {
  const [code, status] =
    failure instanceof WireError ? [failure.code, failure.status] : table[failure.outcome];
  reply.status(status);
  if (failure instanceof DomainError && failure.retryAfter !== undefined) {
    reply.header('retry-after', String(failure.retryAfter));
  }
  return { code, message: failure.message };
}
