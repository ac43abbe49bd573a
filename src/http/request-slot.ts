import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';

/**
 * A value one step of a request (a hook) finds and a later step reads, e.g. the principal
 * of its credential. Reading one that no step set is a wiring mistake: `internal`.
 */
export function requestSlot<T>(what: string) {
  const values = new WeakMap<FastifyRequest, T>();
  return {
    set(request: FastifyRequest, value: T): void {
      values.set(request, value);
    },
    get(request: FastifyRequest): T {
      const value = values.get(request);
      if (value === undefined)
        throw new DomainError('internal', `no ${what} was found for the request`);
      return value;
    },
  };
}
