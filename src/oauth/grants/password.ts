import { DomainError, isDomainError } from '../../errors.js';
import { badCredentials } from '../../users/login.js';
import { resolveScopes } from '../scopes.js';
import { defaultOrgOf, requireActsFor } from './client-org.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §4.3, resource owner password credentials. RFC 9700 §2.4 says not to use it;
 * some partner contracts need it, so a client gets it only when allowed it explicitly.
 * Failures are throttled per account and per address (users/login.ts). The optional
 * `org_id` parameter picks which of the user's orgs the token acts in; an org's own client
 * acts in that org only (client-org.ts), a platform client in any of the user's orgs.
 */
export const grantType = 'password';
export const parameters = ['username', 'password'] as const;

export async function handle({ client, params, address }: GrantRequest, deps: GrantDeps) {
  const { username = '', password = '' } = params;
  const userId = (await deps.logins.signIn(username, password, address)).id;
  // A person outside the client's org is refused as an unknown one: the client learns
  // nothing about who exists elsewhere. A platform client is told why.
  const orgId = params.org_id ?? defaultOrgOf(client);
  if (orgId !== undefined) requireActsFor(client, orgId, badCredentials);
  const membership = await deps.logins.membershipFor(userId, orgId).catch((error: unknown) => {
    if (!isDomainError(error) || client.platform) throw error;
    throw new DomainError(error.outcome, badCredentials);
  });
  return deps.issuer.issue({
    client,
    orgId: membership.orgId,
    subjectType: 'user',
    subjectId: userId,
    role: membership.role,
    scopes: resolveScopes(params.scope, client.scopes),
    refresh: client.grantTypes.includes('refresh_token'),
  });
}
