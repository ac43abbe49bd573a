import type { FastifyError } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Turns whatever a route threw into an AppError: our own errors pass through; Fastify's
 * errors for bad input (schema validation, malformed or oversize bodies, unknown content
 * types) become their typed codes; anything else is `internal`, whose detail is logged and
 * never shown.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> | undefined;
  if (fastifyError?.validation !== undefined) {
    const first = fastifyError.validation[0];
    const where = fastifyError.validationContext ?? 'request';
    const path = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '';
    const message = first?.message ?? 'is invalid';
    const field = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const subject = field !== undefined ? `${where}.${field}` : path ? `${where}.${path}` : where;
    return new AppError(
      'invalid_request',
      field !== undefined ? `${subject} is required` : `${subject} ${message}`,
    );
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'unsupported content type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_request', 'the JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_request', 'the body is not valid JSON');
    default:
      break;
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError('payload_too_large', 'the request body is too large');
    if (status === 415) return new AppError('unsupported_media_type', 'unsupported content type');
    return new AppError('invalid_request', 'the request is malformed');
  }
  return new AppError('internal', 'internal server error');
}
