import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';

/**
 * No text a request carries may hold a NUL character (U+0000). PostgreSQL cannot store one
 * in a text value (it fails the statement: a 500), SQLite would store what nobody typed, and
 * no id, name, email, secret or URI of Gatehouse has one; so it is refused once, at the edge,
 * before any route or store sees it, on both stores alike: 400 `invalid_request`, rendered
 * by the error handler of the route it was sent to (OAuth, /v1 or a surface format).
 *
 * Two steps on the root instance, so that every route inherits them: the path, the query
 * and the Authorization header in `onRequest`, before any credential step reads them; the
 * parsed body, every string and field name at any depth, in `preValidation`.
 */
export function refuseNulBytes(app: FastifyInstance): void {
  app.addHook('onRequest', async function refuseNulInRequestLine(request) {
    if (holdsNul(request.params)) throw nulIn('the path');
    if (holdsNul(request.query)) throw nulIn('the query');
    if (authorizationHoldsNul(request.headers.authorization)) {
      throw nulIn('the Authorization header');
    }
  });
  app.addHook('preValidation', async function refuseNulInBody(request) {
    if (holdsNul(request.body)) throw nulIn('the body');
  });
}

const nulIn = (part: string) =>
  new DomainError('invalid_input', `${part} must not contain a NUL character`);

/** A NUL in the header itself, or in the user-id or password of Basic credentials (RFC 7617). */
function authorizationHoldsNul(header: string | undefined): boolean {
  if (header === undefined) return false;
  if (header.includes('\u0000')) return true;
  const basic = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  return basic?.[1] !== undefined && Buffer.from(basic[1], 'base64').includes(0);
}

/**
 * Whether any string in `value` (a parsed JSON or form body, params, query), or any field
 * name, holds a NUL. Walked with a list, not recursion: a 64 KiB body may nest deeper than
 * the call stack goes.
 */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      for (const item of next as unknown[]) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
