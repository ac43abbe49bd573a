import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { DomainError } from '../../errors.js';
import { parseBearer } from '../../http/bearer.js';
import { surfaceAudience } from '../../oauth/audience.js';
import type { Principal } from '../../gateway/principal.js';
import { roleAtLeast, type Role } from '../../orgs/roles.js';
import type { Services } from '../../services.js';
import type { UserService } from '../../users/service.js';
import { requireCredentialKind, requireLiveRole } from '../../gateway/authorize.js';
import { admit, requestSlot } from '../wire.js';

/**
 * Patchworks-style authentication: the API key goes in `Authorization` as is, and a token
 * (or, just as well, a key) after `Bearer `. Both resolve to a principal of the company.
 */
export function credentialOf(authorization: string | undefined): string {
  const credential = parseBearer(authorization) ?? (authorization ?? '').trim();
  if (credential === '') {
    throw new DomainError('credential_invalid', 'an API key or a bearer token is required', {
      subject: 'bearer',
    });
  }
  return credential;
}

/** The client that tokens from /fabric/api/login are issued to (a part of Gatehouse). */
export const patchworksClientId = 'patchworks';

/** The audience of tokens from /fabric/api/login: only this surface takes them. */
export const patchworksAudience = (config: Pick<Config, 'publicUrl'>) =>
  surfaceAudience(config, 'patchworks');

const principals = requestSlot<Principal>('principal');

/**
 * Every route of `app` needs a credential: it is checked, and the request counted against the
 * company's usage limit, before the body is read, so that an anonymous caller learns nothing.
 */
export function requireCredential(
  app: FastifyInstance,
  services: Pick<Services, 'authenticator' | 'usage' | 'config'>,
): void {
  // A key, or a token from this surface's own login: a token for anything else is 401.
  const audience = patchworksAudience(services.config);
  app.addHook('onRequest', async (request) => {
    const principal = await services.authenticator.authenticate(
      credentialOf(request.headers.authorization),
      { audience },
    );
    principals.set(request, await admit(principal, services.usage));
  });
}

/** The principal `requireCredential` found for this request. */
export const principalOf = principals.get;

/**
 * A key acts as its own user; a manager-level key (every key made here) is an `api-user`.
 * A key made elsewhere in Gatehouse with another role is shown, and acts, with that role.
 * A token acts as the person who signed in, with their role in the company.
 */
export function roleName(principal: Pick<Principal, 'subject' | 'role'>): string | null {
  return keyRoleName(principal.subject.type === 'api_key', principal.role);
}

export function keyRoleName(isKey: boolean, role: Role | null): string | null {
  return isKey && role === 'manager' ? 'api-user' : role;
}

/** `minimum` or a higher role, else `not_permitted`; a credential with no role has none. */
export function requireRole(principal: Principal, minimum: Role): Principal {
  if (principal.role === null || !roleAtLeast(principal.role, minimum)) {
    throw new DomainError('not_permitted', `this needs ${minimum}-level access or higher`);
  }
  return principal;
}

/**
 * Account administration (blueprints, API keys) needs an administrator signed in as a
 * person at /fabric/api/login: an API key is an `api-user` and never administers, whatever
 * its stored role, and the role is the one the person holds now, not at sign-in.
 */
export async function requireAdministrator(
  principal: Principal,
  users: UserService,
): Promise<{ userId: string; role: Role }> {
  requireCredentialKind(principal, {
    subjects: ['user'],
    clients: [patchworksClientId],
    message: 'this needs an administrator signed in at /fabric/api/login',
  });
  const role = await requireLiveRole(principal, 'admin', users);
  return { userId: principal.subject.id, role };
}
