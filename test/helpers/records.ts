import type { CreateApiKeyInput } from '../../src/apikeys/service.js';
import type { OrgService } from '../../src/orgs/service.js';
import type { Services } from '../../src/services.js';

/**
 * A new org of its own with one API key in it (named `ci`, role developer, unless `key`
 * says otherwise), so that revoking or expiring the key disturbs no fixture.
 */
export async function orgWithKey(
  services: Pick<Services, 'orgs' | 'apiKeys'>,
  org: Parameters<OrgService['create']>[0],
  key: Partial<Omit<CreateApiKeyInput, 'orgId'>> = {},
): Promise<{ orgId: string; id: string; secret: string }> {
  const { id: orgId } = await services.orgs.create(org);
  const { apiKey, secret } = await services.apiKeys.create({
    orgId,
    name: 'ci',
    role: 'developer',
    ...key,
  });
  return { orgId, id: apiKey.id, secret };
}
