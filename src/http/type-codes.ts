import type { OutcomeTable } from './wire-error.js';

/**
 * The codes of the type-tagged error bodies that /v1 (`{type, message}`) and the contract
 * surfaces (`{type}`) answer with, and their statuses. A surface's own codes are its own.
 */
export const typeCodes: OutcomeTable = {
  invalid_input: ['invalid_request', 400],
  credential_invalid: ['unauthorized', 401],
  scope_not_allowed: ['invalid_scope', 400],
  not_permitted: ['forbidden', 403],
  not_found: ['not_found', 404],
  conflict: ['conflict', 409],
  rate_limited: ['rate_limited', 429],
  internal: ['internal', 500],
};
