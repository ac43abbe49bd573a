import { AppError, isAppError } from '../../errors.js';
import { resolveScopes } from '../scopes.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §4.3, resource owner password credentials. RFC 9700 §2.4 says not to use it;
 * some partner contracts need it, so a client gets it only when allowed it explicitly.
 * Failures are throttled per account and per address (users/login.ts). The optional
 * `org_id` parameter picks which of the user's orgs the token acts in.
 */
export const grantType = 'password';
export const parameters = ['username', 'password'] as const;

export async function handle({ client, params, address }: GrantRequest, deps: GrantDeps) {
  const { username = '', password = '' } = params;
  let userId: string;
  try {
    userId = (await deps.logins.signIn(username, password, address)).id;
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthorized') {
      throw new AppError('invalid_grant', error.message);
    }
    throw error;
  }
  const membership = await deps.logins.membershipFor(userId, params.org_id).catch((error) => {
    throw isAppError(error) ? new AppError('invalid_grant', error.message) : error;
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
