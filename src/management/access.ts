import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { DomainError } from '../errors.js';
import type { Authenticator } from '../gateway/authenticate.js';
import type { Principal } from '../gateway/principal.js';
import { roleAtLeast, type Role } from '../orgs/roles.js';
import { requestSlot } from '../http/request-slot.js';
import type { UserService } from '../users/service.js';

/** The person a management request acts for, and on org routes their role in that org. */
export interface OrgActor {
  userId: string;
  orgId: string;
  role: Role;
}

/**
 * The management API's one request step. It runs in `onRequest`, before the body is read
 * or the parameters are validated (as the surfaces' credentialStep does), so that a caller
 * without a credential, or without the role, learns nothing about what the request holds:
 * the bearer must be a user's access token (401 / 403), and on an org route the user must
 * hold the route's role in `:orgId` (an org the user is not in is not_found, exactly as one
 * that does not exist, so that other tenants' ids cannot be probed). Handlers read what the
 * step found with `userOf` / `actorOf`.
 */
export function managementAccess(deps: { authenticator: Authenticator; users: UserService }) {
  const people = requestSlot<string>('user');
  const actors = requestSlot<OrgActor>('org actor');

  const authenticate = async (request: FastifyRequest): Promise<string> => {
    const userId = requireUser(await deps.authenticator.fromHeader(request.headers.authorization));
    people.set(request, userId);
    return userId;
  };

  return {
    /** onRequest: any signed-in person. */
    person: async function authenticatePerson(request: FastifyRequest): Promise<void> {
      await authenticate(request);
    },
    /** onRequest for the routes under /v1/orgs/:orgId that need `minimum` in that org. */
    orgRole(minimum: Role): onRequestAsyncHookHandler {
      return async function authorizeOrgActor(request) {
        const userId = await authenticate(request);
        const { orgId } = request.params as { orgId?: unknown };
        // An org id no org can have (absent, or longer than any id) is simply not there.
        const role =
          typeof orgId === 'string' && orgId.length <= 100
            ? await deps.users.roleIn(userId, orgId)
            : undefined;
        if (typeof orgId !== 'string' || role === undefined) {
          throw new DomainError('not_found', 'no such org');
        }
        if (!roleAtLeast(role, minimum)) {
          throw new DomainError(
            'not_permitted',
            `this needs the ${minimum} role or higher in the org`,
          );
        }
        actors.set(request, { userId, orgId, role });
      };
    },
    userOf: people.get,
    actorOf: actors.get,
  };
}

export type ManagementAccess = ReturnType<typeof managementAccess>;

/** The management API acts for a person: anything but a user's access token is forbidden. */
function requireUser(principal: Principal): string {
  if (principal.subject.type !== 'user') {
    throw new DomainError('not_permitted', "the management API needs a user's access token");
  }
  return principal.subject.id;
}
