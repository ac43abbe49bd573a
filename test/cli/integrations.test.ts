import { describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { DomainError } from '../../src/errors.js';
import { gatehouse, useCliStore } from './support.js';

const partly = { clientId: 'partly_client_demo', clientSecret: 'secret_demo_8f3a' };
const repairerKey = 'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2';
const repairerIntegration = '0c000000-0000-4000-8000-000000000001';

const installWith = (accessCode: string) =>
  withServices(({ integrations }) =>
    integrations.install({ ...partly, accessCode }).then(
      ({ integration, apiKey }) => ({ orgId: integration.orgId, apiKey }),
      (error: unknown) =>
        error instanceof DomainError ? { outcome: error.outcome, subject: error.subject } : error,
    ),
  );

describe('gatehouse integrations code', () => {
  useCliStore();

  it('issues a single-use code, shown once, that installs the client into the org', async () => {
    await gatehouse('sandbox', 'reset');
    const lines = await gatehouse(
      'integrations',
      'code',
      '--client',
      'partly_client_demo',
      '--org',
      'org_demo_supplier',
    );
    expect(lines[0]).toMatch(
      /^access code for partly_client_demo into org_demo_supplier, single use, expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/,
    );
    const code =
      /^code: (ac_[0-9A-Za-z]{32}) {3}\(shown once: hand it to the integration now\)$/.exec(
        lines[1] ?? '',
      )?.[1];
    expect(code).toBeDefined();
    expect(await installWith(code ?? '')).toEqual({
      orgId: 'org_demo_supplier',
      apiKey: expect.stringMatching(/^partly_[0-9a-f]{32}$/),
    });
    expect(await installWith(code ?? '')).toEqual({
      outcome: 'credential_invalid',
      subject: 'access_code',
    });
  });

  it('refuses an unknown client or org', async () => {
    await expect(
      gatehouse('integrations', 'code', '--client', 'nope_client', '--org', 'org_demo_supplier'),
    ).rejects.toThrow('no client nope_client');
    await expect(
      gatehouse('integrations', 'code', '--client', 'partly_client_demo', '--org', 'org_nope'),
    ).rejects.toThrow('no org org_nope');
  });
});

describe('gatehouse sandbox reset and the install handshake', () => {
  useCliStore();

  it('makes the spent fixture code valid again and reinstates an uninstalled integration', async () => {
    await gatehouse('sandbox', 'reset');
    expect(await installWith('ac_demo_valid_15m')).toMatchObject({ orgId: 'org_demo_repairer' });
    expect(await installWith('ac_demo_valid_15m')).toEqual({
      outcome: 'credential_invalid',
      subject: 'access_code',
    });
    await withServices(async ({ integrations }) => {
      const { integration } = await integrations.authenticate(repairerKey, repairerIntegration);
      await integrations.uninstall(integration);
    });

    await gatehouse('sandbox', 'reset');

    expect(await installWith('ac_demo_valid_15m')).toMatchObject({ orgId: 'org_demo_repairer' });
    const restored = await withServices(({ integrations }) =>
      integrations.authenticate(repairerKey, repairerIntegration),
    );
    expect(restored.integration).toMatchObject({ orgId: 'org_demo_repairer', uninstalledAt: null });
  });
});
