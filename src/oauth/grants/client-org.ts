import type { Client } from '../../clients/service.js';
import { DomainError } from '../../errors.js';

/**
 * Which orgs a client acts for. A client registered by an org signs in, exchanges and
 * refreshes only for that org's people and API keys; a platform client, which only an
 * operator registers, acts for any org. Every grant that takes its org from a person or a
 * key checks it here, and the issuer checks it once more for every token it issues.
 */
export function actsFor(client: Pick<Client, 'orgId' | 'platform'>, orgId: string): boolean {
  return client.platform || client.orgId === orgId;
}

/**
 * `credential_invalid` with `message` unless `client` acts for `orgId`. Each grant words the
 * refusal as it words a bad credential of its own, so that a client learns nothing about
 * the people and keys of other orgs.
 */
export function requireActsFor(
  client: Pick<Client, 'orgId' | 'platform'>,
  orgId: string,
  message: string,
): void {
  if (!actsFor(client, orgId)) throw new DomainError('credential_invalid', message);
}

/**
 * The org a grant acts in when the request names none: an org's client acts in its own;
 * a platform client has none to offer (undefined), so the person's own choice stands.
 */
export function defaultOrgOf(client: Pick<Client, 'orgId' | 'platform'>): string | undefined {
  return client.platform ? undefined : client.orgId;
}
