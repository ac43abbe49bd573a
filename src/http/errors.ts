import type { FastifyError } from 'fastify';
import { DomainError } from '../errors.js';
import { httpError, WireError, type Failure } from './wire-error.js';

/** The one answer to anything that is not a failure we raised: nothing about it is shown. */
const internal = () => new DomainError('internal', 'internal server error');

/**
 * Turns whatever a route threw into a Failure: our own errors pass through (an `internal`
 * one without its detail); Fastify's errors for bad input (schema validation, malformed or
 * oversize bodies, unknown content types) become `invalid_input` or HTTP's own refusals;
 * anything else is `internal`, whose detail is logged and never shown.
 */
export function toFailure(error: unknown): Failure {
  if (error instanceof WireError) return error;
  if (error instanceof DomainError) return error.outcome === 'internal' ? internal() : error;
  const fastifyError = error as Partial<FastifyError> | undefined;
  if (fastifyError?.validation !== undefined) {
    return new DomainError(
      'invalid_input',
      describeValidation(fastifyError.validation[0], fastifyError.validationContext),
    );
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('invalid_input', 'the JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('invalid_input', 'the body is not valid JSON');
    default:
      break;
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return tooLarge();
    if (status === 415) return unsupportedType();
    return new DomainError('invalid_input', 'the request is malformed');
  }
  return internal();
}

const tooLarge = () => httpError('payload_too_large', 'the request body is too large');
const unsupportedType = () => httpError('unsupported_media_type', 'unsupported content type');

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** One plain sentence for the first schema violation, naming the field. */
function describeValidation(issue: ValidationIssue | undefined, context: string | undefined) {
  const where = context ?? 'request';
  if (issue === undefined) return `${where} is invalid`;
  const params = issue.params as {
    missingProperty?: string;
    allowedValues?: unknown[];
    format?: string;
    additionalProperty?: string;
  };
  const path = issue.instancePath.slice(1).replace(/\//g, '.');
  const subject = path === '' ? where : `${where}.${path}`;
  switch (issue.keyword) {
    case 'required':
      return `${where}${path === '' ? '' : `.${path}`}.${params.missingProperty ?? ''} is required`;
    case 'enum':
      return `${subject} must be one of: ${(params.allowedValues ?? []).join(', ')}`;
    case 'format':
      return params.format === 'date-time'
        ? `${subject} must be an RFC 3339 date-time, such as 2030-01-01T00:00:00Z`
        : `${subject} must be a valid ${params.format ?? 'value'}`;
    case 'pattern':
      return `${subject} has characters that are not allowed`;
    default:
      return `${subject} ${issue.message ?? 'is invalid'}`;
  }
}
