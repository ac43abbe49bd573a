import { DomainError } from '../../errors.js';
import type { Renderer } from '../../http/error-handler.js';
import { wireErrors, type Failure } from '../../http/wire-error.js';
import { typeErrorRenderer } from '../wire.js';

/** Partly's own codes (docs/partly.md). */
export const partlyError = wireErrors({
  integration_not_found: 404,
  invalid_access_code: 401,
  method_not_found: 404,
});

/**
 * The install handshake's failures as the contract tells them apart: an unknown client is
 * `integration_not_found`, a spent code `invalid_access_code`; a wrong secret stays
 * `unauthorized`. Every other outcome takes the shared codes.
 */
function inPartlyTerms(failure: Failure): Failure {
  if (!(failure instanceof DomainError)) return failure;
  if (failure.outcome === 'not_found' && failure.subject === 'client') {
    return partlyError('integration_not_found', failure.message);
  }
  if (failure.outcome === 'credential_invalid' && failure.subject === 'access_code') {
    return partlyError('invalid_access_code', failure.message);
  }
  return failure;
}

// RFC 9110 §11.6.1: every 401 names how to authenticate (RFC 6750 §3: the API key is a
// Bearer credential; the install handshake's 401s carry it too).
const renderType = typeErrorRenderer((_failure, code) =>
  code === 'unauthorized' || code === 'invalid_access_code' ? 'Bearer realm="partly"' : undefined,
);

export const renderPartlyError: Renderer = (failure, request, reply) =>
  renderType(inPartlyTerms(failure), request, reply);
