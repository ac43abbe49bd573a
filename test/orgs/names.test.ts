import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { invisibleNames } from '../helpers/names.js';

// The core refuses such names too, whoever calls it (the CLI, a surface, the sandbox seed).
describe.each(storeTargets)('the core refuses invisible characters in names ($name)', (target) => {
  const ctx = useTestApp(target);

  /** The name of the key an install gets from partly_client_demo, once renamed `name`. */
  async function integrationKeyNameAfter(name: string) {
    const { services } = ctx();
    await services.db
      .updateTable('clients')
      .set({ name })
      .where('id', '=', 'partly_client_demo')
      .execute();
    const { code } = await services.accessCodes.issue({
      clientId: 'partly_client_demo',
      orgId: 'org_demo_repairer',
    });
    const { integration } = await services.integrations.install({
      clientId: 'partly_client_demo',
      clientSecret: 'secret_demo_8f3a',
      accessCode: code,
    });
    return (await services.apiKeys.get(integration.orgId, integration.apiKeyId))?.name;
  }

  it.each(invisibleNames)('in an API key, a client, an org and a user: %s', async (_, name) => {
    const { services } = ctx();
    const refused = (field: string) => ({
      outcome: 'invalid_input',
      message: `${field} must not contain control or invisible characters`,
    });
    await expect(services.apiKeys.create({ orgId: 'org_demo_parts', name })).rejects.toMatchObject(
      refused('key name'),
    );
    await expect(services.clients.create({ orgId: 'org_demo_parts', name })).rejects.toMatchObject(
      refused('client name'),
    );
    await expect(services.orgs.create({ name })).rejects.toMatchObject(refused('org name'));
    await expect(
      services.users.create({ email: 'named@example.com', password: 'long enough', name }),
    ).rejects.toMatchObject(refused('user name'));
    expect(await services.users.findByEmail('named@example.com')).toBeUndefined();
  });

  it('names an integration key after its client without the characters of an old name', async () => {
    expect(await integrationKeyNameAfter('Acme\u001b[2K\rforged\u202e')).toBe(
      'Acme[2Kforged integration',
    );
  });

  it('names an integration key within 200 characters, whatever the length of the client name', async () => {
    expect(await integrationKeyNameAfter('n'.repeat(200))).toBe(`${'n'.repeat(188)} integration`);
  });
});
