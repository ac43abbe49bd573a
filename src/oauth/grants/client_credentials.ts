import type { Client } from '../../clients/service.js';
import { resolveScopes } from '../scopes.js';
import type { Grant } from '../token-issuer.js';
import type { GrantRequest, GrantDeps } from './types.js';

/** RFC 6749 §4.4: the client acts for itself, in its own org. No refresh token (§4.4.3). */
export const grantType = 'client_credentials';
export const parameters = [] as const;
/** The client authenticates to act for itself (RFC 6749 §4.4.2), so a public one cannot. */
export const publicClients = false;
/** A client registered without a list of grants acts for itself. */
export const byDefault = true;

/** The grant of an authenticated client acting for itself, within `scope` if asked. */
export function resolveClientCredentials({
  client,
  scope,
}: {
  client: Client;
  scope?: string;
}): Grant {
  return {
    client,
    orgId: client.orgId,
    subjectType: 'client',
    subjectId: client.id,
    role: null,
    scopes: resolveScopes(scope, client.scopes),
    refresh: false,
  };
}

export async function handle({ client, params }: GrantRequest, { issuer }: GrantDeps) {
  return issuer.issue(resolveClientCredentials({ client, scope: params.scope }));
}
