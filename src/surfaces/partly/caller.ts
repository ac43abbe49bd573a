import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../errors.js';
import { parseBearer } from '../../http/bearer.js';
import { admit } from '../wire.js';
import type { Caller, CallerAudience, PartlyDeps } from './rpc.js';

/** The header that names the integration a key belongs to (docs/partly.md). */
export const integrationIdHeader = 'partly-integration-id';

const unauthorized = (message: string) => new DomainError('credential_invalid', message);

/**
 * Every call but the install carries `Authorization: Bearer <api_key>` and
 * `Partly-Integration-ID: <integration_id>`; both must name the same live install. The
 * call is then counted against the org's usage limit, and only then is the role checked:
 * a wrong role is `forbidden`, after authentication, never instead of it.
 */
export async function authorizeCaller(
  headers: IncomingHttpHeaders,
  audience: CallerAudience,
  deps: PartlyDeps,
): Promise<Caller> {
  const bearer = parseBearer(headers.authorization);
  if (bearer === undefined) throw unauthorized('a Bearer API key is required');
  const integrationId = headers[integrationIdHeader];
  if (typeof integrationId !== 'string' || integrationId.trim() === '') {
    throw unauthorized('the Partly-Integration-ID header is required');
  }
  const { integration, principal } = await deps.integrations.authenticate(
    bearer,
    integrationId.trim(),
  );
  await admit(principal, deps.usage);
  const org = await deps.orgs.get(principal.orgId);
  if (org === undefined) throw unauthorized('the integration has no organization');
  if (audience !== 'integration' && org.kind !== audience) {
    throw new DomainError('not_permitted', `this method is for ${audience} integrations only`);
  }
  return { principal, integration, org };
}
