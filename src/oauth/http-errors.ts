import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError, ErrorCode } from '../errors.js';
import { noStore } from './no-store.js';

// Codes the OAuth surface speaks (RFC 6749 §5.2, RFC 6750 §3.1); others render as invalid_request.
const oauthCodes: readonly ErrorCode[] = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_token',
  'insufficient_scope',
];

/** RFC 6749 §5.2 error body: `{error, error_description}`, never cached. */
export function sendOAuthError(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  const code = oauthCodes.includes(error.code) ? error.code : oauthFallback(error.code);
  reply.status(error.status).headers(noStore);
  // §5.2: a client that tried HTTP Basic, or no authentication at all, is told how to authenticate.
  const authorization = request.headers.authorization;
  if (
    error.code === 'invalid_client' &&
    (authorization === undefined || /^basic /i.test(authorization))
  ) {
    reply.header('www-authenticate', 'Basic realm="gatehouse", charset="UTF-8"');
  }
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  return reply.send({ error: code, error_description: error.message });
}

function oauthFallback(code: ErrorCode): string {
  if (code === 'internal') return 'server_error';
  if (code === 'rate_limited') return 'slow_down';
  return 'invalid_request';
}
