import { badCredentials } from '../../users/login.js';
import { resolveScopes } from '../scopes.js';
import type { Grant } from '../token-issuer.js';
import { clientFor, defaultOrg, requireActing, type ActingClient } from './acting-client.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §4.3, resource owner password credentials. RFC 9700 §2.4 says not to use it;
 * some API contracts need it, so a client gets it only when allowed it explicitly.
 * Failures are throttled per account and per address (users/login.ts). The optional
 * `org_id` parameter picks which of the user's orgs the token acts in; an org's own client
 * acts in that org only (client-org.ts), a platform client in any of the user's orgs.
 */
export const grantType = 'password';
export const parameters = ['username', 'password'] as const;
/** The client authenticates (RFC 6749 §4.3.2), so a public one cannot use it. */
export const publicClients = false;

/** A sign-in: the token endpoint's password grant, and each surface's own login. */
export interface PasswordSignIn {
  client: ActingClient;
  username: string;
  password: string;
  /** The org asked for; without one, a registered client's own, else the person's first. */
  orgId?: string;
  /** The scope asked for (RFC 6749 §3.3), within the client's. */
  scope?: string;
  /** The caller's address, for throttling. */
  address: string;
}

/**
 * The grant of a sign-in. Refusals are the login service's own (`credential_invalid` for a
 * bad credential, `not_found` for an org the person is not in, `not_permitted` for a person
 * in none) and `credential_invalid` for an org a registered client does not act for.
 */
export async function resolvePassword(
  { client: acting, username, password, orgId, scope, address }: PasswordSignIn,
  deps: Pick<GrantDeps, 'logins'>,
): Promise<Grant> {
  const user = await deps.logins.signIn(username, password, address);
  // A person outside an org's own client's org is refused as an unknown one: the client
  // learns nothing about who exists elsewhere. A platform client, or a surface's own login,
  // is told why.
  const asked = orgId ?? defaultOrg(acting);
  if (asked !== undefined) requireActing(acting, asked, badCredentials);
  const hides = 'registered' in acting && !acting.registered.platform;
  const membership = await deps.logins.membershipFor(
    user.id,
    asked,
    hides ? badCredentials : undefined,
  );
  const client = clientFor(acting, membership.orgId);
  return {
    client,
    orgId: membership.orgId,
    subjectType: 'user',
    subjectId: user.id,
    role: membership.role,
    scopes: resolveScopes(scope, client.scopes),
    refresh: client.grantTypes.includes('refresh_token'),
  };
}

export async function handle({ client, params, address }: GrantRequest, deps: GrantDeps) {
  const { username = '', password = '' } = params;
  const grant = await resolvePassword(
    {
      client: { registered: client },
      username,
      password,
      orgId: params.org_id,
      scope: params.scope,
      address,
    },
    deps,
  );
  return deps.issuer.issue(grant);
}
