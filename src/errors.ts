/**
 * One error type for the whole server. Every failure a user can cause is an AppError with a
 * code from this closed union; each surface renders the code in its own wire format, and
 * anything that is not an AppError becomes a generic 500 with no detail.
 */
export const errorStatus = {
  // RFC 6749 §5.2 token-endpoint errors.
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  // RFC 6750 §3.1 resource errors.
  invalid_token: 401,
  insufficient_scope: 403,
  // Management API and surfaces.
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // Contract surfaces (docs/partly.md, docs/partium.md, docs/patchworks.md, docs/partner.md).
  integration_not_found: 404,
  invalid_access_code: 401,
  method_not_found: 404,
  command_not_found: 404,
  requestor_id_required: 400,
  invalid_requestor_id: 400,
  // Partner commands' Idempotency-Key (draft-ietf-httpapi-idempotency-key-header §2.7):
  // the key sent again with another request, or while its first request still runs.
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Seconds, for 429 answers (RFC 9110 §10.2.3 Retry-After). */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfter?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
