import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ClientService } from '../clients/service.js';
import { DomainError } from '../errors.js';
import type { Authenticator } from '../gateway/authenticate.js';
import type { Principal } from '../gateway/principal.js';
import { actsFor } from '../oauth/grants/client-org.js';
import { roleAtLeast, type Role } from '../orgs/roles.js';
import { requestSlot } from '../http/request-slot.js';
import type { UserService } from '../users/service.js';

/**
 * The scope that lets a token narrowed to some scopes manage: the management API acts with
 * everything the person's role allows, so a token reaches it only if it was given that (RFC
 * 6749 §3.3, RFC 9068 §4): one issued without any scope (a client registered without scopes,
 * as the password grant's usually are), or one whose scopes include `manage`, consented to on
 * the authorization endpoint's page for one org. A token of OpenID Connect's `openid profile
 * email` proves who the person is; it manages nothing.
 */
export const managementScope = 'manage';

/** The person a management request acts for, and which orgs their token may act in. */
export interface Person {
  userId: string;
  /**
   * Whether the token may act in `orgId`: a token issued to an org's own client acts in
   * that org alone, however many orgs its person belongs to (oauth/grants/client-org.ts);
   * one issued to a platform client, in any org of its person.
   */
  actsIn(orgId: string): boolean;
}

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
 * hold the route's role in `:orgId`, and the token's client must act in it (an org the user
 * is not in, or the client does not act for, is not_found, exactly as one that does not
 * exist, so that other tenants' ids cannot be probed). Handlers read what the step found
 * with `personOf` / `actorOf`.
 */
export function managementAccess(deps: {
  authenticator: Authenticator;
  users: UserService;
  clients: Pick<ClientService, 'find'>;
}) {
  const people = requestSlot<Person>('person');
  const actors = requestSlot<OrgActor>('org actor');

  const authenticate = async (request: FastifyRequest): Promise<Person> => {
    const principal = await deps.authenticator.fromHeader(request.headers.authorization);
    const userId = requireUser(principal);
    const scoped = principal.scopes.length > 0;
    if (scoped && !principal.scopes.includes(managementScope)) {
      throw new DomainError(
        'not_permitted',
        `the management API needs a token with the ${managementScope} scope, or with none`,
      );
    }
    // A user's token always names its client; one since deleted acts in no org. A token
    // scoped to manage was consented to for its org alone, whatever orgs its client may act in.
    const client =
      principal.clientId === null ? undefined : await deps.clients.find(principal.clientId);
    const person = {
      userId,
      actsIn: (orgId: string) =>
        client !== undefined && actsFor(client, orgId) && (!scoped || orgId === principal.orgId),
    };
    people.set(request, person);
    return person;
  };

  return {
    /** onRequest: any signed-in person. */
    person: async function authenticatePerson(request: FastifyRequest): Promise<void> {
      await authenticate(request);
    },
    /** onRequest for the routes under /v1/orgs/:orgId that need `minimum` in that org. */
    orgRole(minimum: Role): onRequestAsyncHookHandler {
      return async function authorizeOrgActor(request) {
        const { userId, actsIn } = await authenticate(request);
        const { orgId } = request.params as { orgId?: unknown };
        // An org id no org can have (absent, or longer than any id) is simply not there.
        const role =
          typeof orgId === 'string' && orgId.length <= 100 && actsIn(orgId)
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
    personOf: people.get,
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
