import type { Services } from '../../../src/services.js';

/** The org of the sandbox partner client (docs/sandbox.md). */
export const partnerOrg = 'org_partner_demo';

/** Another client_credentials client of the partner org, named `name`: its id and secret. */
export async function anotherPartnerClient(
  services: Pick<Services, 'clients'>,
  name: string,
): Promise<{ id: string; secret: string }> {
  const { client, secret } = await services.clients.create({
    orgId: partnerOrg,
    name,
    grantTypes: ['client_credentials'],
  });
  return { id: client.id, secret: secret ?? '' };
}
