import type { Client } from '../clients/service.js';
import { actsFor } from '../oauth/grants/client-org.js';
import type { OrgService } from '../orgs/service.js';
import { roleAtLeast, type Role } from '../orgs/roles.js';
import type { UserService } from '../users/service.js';
import { authorizeError } from './errors.js';

/** Who may install a client into an org: the same role as manages its clients. */
export const installerRole: Role = 'admin';

/** An org the person may choose on the consent page. */
export interface EligibleOrg {
  id: string;
  name: string;
}

/**
 * The orgs the person may let the client act in, in the order they joined them. For an
 * ordinary client, the person's memberships in the orgs the client acts for: its own org, or
 * any for a platform client (oauth/grants/client-org.ts), as at the token endpoint. An install
 * client is installed into other orgs than the one that registered it, so any org of the
 * person counts, but only one where they are an admin (or owner). `orgId`, if the client
 * named one, narrows the choice to that org. None at all is `access_denied` (RFC 6749
 * §4.1.2.1): the client learns that the person cannot grant what it asked for, and may say
 * so.
 */
export async function eligibleOrgs(
  client: Pick<Client, 'orgId' | 'platform' | 'install'>,
  userId: string,
  orgId: string | undefined,
  { users, orgs }: { users: Pick<UserService, 'memberships'>; orgs: Pick<OrgService, 'get'> },
): Promise<EligibleOrg[]> {
  const memberships = (await users.memberships(userId)).filter((membership) =>
    client.install
      ? roleAtLeast(membership.role, installerRole)
      : actsFor(client, membership.orgId),
  );
  const chosen = memberships.filter(
    (membership) => orgId === undefined || membership.orgId === orgId,
  );
  if (chosen.length === 0) throw authorizeError('access_denied', refusal(client, orgId));
  return Promise.all(
    chosen.map(async ({ orgId: id }) => ({ id, name: (await orgs.get(id))?.name ?? id })),
  );
}

function refusal(client: Pick<Client, 'install'>, orgId: string | undefined): string {
  if (orgId !== undefined) return 'the person cannot grant this client access in that organization';
  return client.install
    ? `installing this client needs the ${installerRole} role in an organization`
    : 'the person is in no organization this client may act in';
}
