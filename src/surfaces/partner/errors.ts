import { wireErrors } from '../../http/wire-error.js';
import { typeErrorRenderer } from '../wire.js';

/** The partner surface's own codes (docs/partner.md). */
export const partnerError = wireErrors({
  command_not_found: 404,
  requestor_id_required: 400,
  invalid_requestor_id: 400,
  // Idempotency-Key (draft-ietf-httpapi-idempotency-key-header §2.7): the key sent again
  // with another request, or while its first request still runs.
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
});

/** `{type}`; RFC 6750 §3: a request refused for its bearer token is answered with a challenge. */
export const renderPartnerError = typeErrorRenderer((_failure, code) =>
  code === 'unauthorized' ? 'Bearer realm="gatehouse"' : undefined,
);
