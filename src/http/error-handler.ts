import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import { toFailure } from './errors.js';
import type { Failure } from './wire-error.js';

/** An edge's one way of answering a failure, in its own wire format. */
export type Renderer = (
  failure: Failure,
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply;

/**
 * The error handler of a plugin whose answers `render` formats. Whatever was thrown becomes
 * a Failure first; an `internal` one is logged with the error it came from, and answered
 * without its detail.
 */
export function errorHandler(render: Renderer) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const failure = toFailure(error);
    if (failure instanceof DomainError && failure.outcome === 'internal') {
      request.log.error({ err: error }, 'request failed');
    }
    return render(failure, request, reply);
  };
}
