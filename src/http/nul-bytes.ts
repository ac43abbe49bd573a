import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';
import { basicHeader } from './basic-credentials.js';

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
  // Synchronous hooks (`done`, not a promise): they run on every request, and wait for nothing.
  app.addHook('onRequest', function refuseNulInRequestLine(request, _reply, done) {
    if (holdsNul(request.params)) done(nulIn('the path'));
    else if (holdsNul(request.query)) done(nulIn('the query'));
    else if (authorizationHoldsNul(request.headers.authorization)) {
      done(nulIn('the Authorization header'));
    } else done();
  });
  app.addHook('preValidation', function refuseNulInBody(request, _reply, done) {
    done(holdsNul(request.body) ? nulIn('the body') : undefined);
  });
}

const nul = '\u0000';

const nulIn = (part: string) =>
  new DomainError('invalid_input', `${part} must not contain a NUL character`);

/** A NUL in the header itself, or in the user-id or password of Basic credentials (RFC 7617). */
function authorizationHoldsNul(header: string | undefined): boolean {
  if (header === undefined) return false;
  if (header.includes(nul)) return true;
  const basic = basicHeader.exec(header);
  return basic?.[1] !== undefined && Buffer.from(basic[1], 'base64').includes(0);
}

/**
 * Whether any string in `value` (a parsed JSON or form body, params, query), or any field
 * name, holds a NUL. Walked with a list, not recursion: a 64 KiB body may nest deeper than
 * the call stack goes. Strings are checked where they are met, and only objects and arrays
 * wait in the list: a flat form or query costs its list of keys and nothing else.
 */
function holdsNul(value: unknown): boolean {
  const pending: object[] = [];
  if (check(value, pending)) return true;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) {
      for (const item of next as unknown[]) if (check(item, pending)) return true;
    } else {
      for (const key of Object.keys(next)) {
        if (key.includes(nul) || check((next as Record<string, unknown>)[key], pending)) {
          return true;
        }
      }
    }
  }
  return false;
}

/** Whether `item` is a string that holds a NUL; an object or array is left in `pending`. */
function check(item: unknown, pending: object[]): boolean {
  if (typeof item === 'string') return item.includes(nul);
  if (typeof item === 'object' && item !== null) pending.push(item);
  return false;
}
