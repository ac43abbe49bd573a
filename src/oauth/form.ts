import type { preValidationHookHandler } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../errors.js';

/**
 * Body of every OAuth endpoint: form fields, each a string. A repeated parameter arrives as
 * an array and fails the schema: RFC 6749 §3.2 forbids repetition.
 */
export const formBody = Type.Record(Type.String(), Type.String({ maxLength: 4096 }));

/**
 * RFC 6749 §3.2 / RFC 7009 §2.1 / RFC 7662 §2.1: requests are form-encoded, and no parameter
 * appears twice. Runs before schema validation, so that each gets its own clear message.
 * Synchronous, so it costs no promise a request.
 */
export const requireForm: preValidationHookHandler = (request, _reply, done) => {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    done(
      new DomainError('invalid_input', 'content type must be application/x-www-form-urlencoded'),
    );
    return;
  }
  const body = request.body as Record<string, unknown> | undefined;
  const repeated = Object.keys(body ?? {}).find((name) => Array.isArray(body?.[name]));
  done(
    repeated === undefined
      ? undefined
      : new DomainError('invalid_input', `parameter ${repeated} must not be repeated`),
  );
};

export function required(params: Record<string, string>, names: readonly string[]): void {
  const missing = names.filter((name) => params[name] === undefined || params[name] === '');
  if (missing.length > 0) {
    throw new DomainError('invalid_input', `missing parameter: ${missing.join(', ')}`);
  }
}
