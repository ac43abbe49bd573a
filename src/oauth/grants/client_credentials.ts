import { resolveScopes } from '../scopes.js';
import type { GrantRequest, GrantDeps } from './types.js';

/** RFC 6749 §4.4: the client acts for itself, in its own org. No refresh token (§4.4.3). */
export const grantType = 'client_credentials';
export const parameters = [] as const;

export async function handle({ client, params }: GrantRequest, { issuer }: GrantDeps) {
  return issuer.issue({
    client,
    orgId: client.orgId,
    subjectType: 'client',
    subjectId: client.id,
    role: null,
    scopes: resolveScopes(params.scope, client.scopes),
    refresh: false,
  });
}
