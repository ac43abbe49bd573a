import type { Client } from '../../clients/service.js';
import { defaultOrgOf, requireActsFor } from './client-org.js';

/**
 * The client a grant is resolved for. At the token endpoint it is a registered client, which
 * acts for its own org, or for any org if it is a platform client (client-org.ts), within
 * its own scopes. At a surface's own login it is that surface's first-party client, part of
 * Gatehouse rather than a row in the store (surfaces/wire.ts): it acts in whichever org the
 * person signs in to or the key belongs to, and is built for that org once it is known.
 */
export type ActingClient =
  { registered: Client } | { firstParty: { id: string; forOrg(orgId: string): Client } };

/** The `client_id` of the grant's tokens and refresh families. */
export function actingClientId(acting: ActingClient): string {
  return 'registered' in acting ? acting.registered.id : acting.firstParty.id;
}

/** The org a grant acts in when the request names none (client-org.ts); a first party has none. */
export function defaultOrg(acting: ActingClient): string | undefined {
  return 'registered' in acting ? defaultOrgOf(acting.registered) : undefined;
}

/**
 * `credential_invalid` with `message` unless a registered client acts for `orgId`. A first-party
 * client is built for the org its person or key belongs to, so it needs no such check.
 */
export function requireActing(acting: ActingClient, orgId: string, message: string): void {
  if ('registered' in acting) requireActsFor(acting.registered, orgId, message);
}

/** The client the grant's tokens are issued to, once the grant's org is known. */
export function clientFor(acting: ActingClient, orgId: string): Client {
  return 'registered' in acting ? acting.registered : acting.firstParty.forOrg(orgId);
}
