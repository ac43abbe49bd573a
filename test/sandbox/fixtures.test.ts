import { describe, expect, it } from 'vitest';
import { seedSandboxIfEmpty } from '../../src/sandbox/seed.js';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { people } from './people.js';

// The values of docs/sandbox.md, typed out as a user copies them, not imported from src/.
const orgs = [
  { id: 'org_demo_parts', name: 'Demo Parts Co', kind: null },
  { id: 'org_demo_repairer', name: 'Demo Repairer', kind: 'repairer' },
  { id: 'org_demo_retail', name: 'Demo Retail', kind: 'company' },
  { id: 'org_demo_supplier', name: 'Demo Supplier', kind: 'supplier' },
  { id: 'org_gatehouse_demo', name: 'Gatehouse Demo', kind: null },
  { id: 'org_other_supplier', name: 'Other Supplier', kind: 'supplier' },
  { id: 'org_partly_integration', name: 'Partly Demo Integration', kind: null },
  { id: 'org_partner_demo', name: 'Partner Demo', kind: null },
  { id: 'org_second_parts', name: 'Second Parts Co', kind: null },
];

const keys = [
  ['partium_demo_key_5c1f0e2d9b8a7c6d4e3f', 'org_demo_parts', 'member'],
  ['pw_demo_key_8e2b5d1f4a7c0e3b6d9f', 'org_demo_retail', 'manager'],
] as const;

// The Partly keys belong to their integrations: valid with the integration id only.
const integrationKeys = [
  [
    'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
    '0c000000-0000-4000-8000-000000000001',
    'org_demo_repairer',
  ],
  [
    'partly_demo_supplier_9b1d4e7a2c5f8b0e3d6a',
    '0c000000-0000-4000-8000-000000000002',
    'org_demo_supplier',
  ],
] as const;

describe.each(storeTargets)('sandbox fixtures ($name)', (target) => {
  const ctx = useTestApp(target);

  it('seeds the documented orgs', async () => {
    const listed = await ctx().services.orgs.list();
    const shown = listed.map(({ id, name, kind }) => ({ id, name, kind }));
    expect(shown.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(orgs);
  });

  it.each(people)('seeds $email with the documented password and roles', async (person) => {
    const { users } = ctx().services;
    const user = await users.checkPassword(person.email, person.password);
    expect(user).toMatchObject({ email: person.email });
    const memberships = await users.memberships(user?.id ?? '');
    const roles = person.memberships.map(({ orgId, role }) => ({ orgId, role }));
    expect(memberships.map(({ orgId, role }) => ({ orgId, role }))).toEqual(roles);
  });

  it.each(keys)('seeds the API key %s in %s with the %s role', async (secret, orgId, role) => {
    const key = await ctx().services.apiKeys.verify(secret);
    expect(key).toMatchObject({ orgId, role, revokedAt: null, expiresAt: null });
  });

  it.each(integrationKeys)(
    'seeds the API key %s of integration %s in %s',
    async (secret, integrationId, orgId) => {
      const { apiKeys } = ctx().services;
      expect(await apiKeys.verify(secret, { integrationId })).toMatchObject({
        orgId,
        role: 'member',
        revokedAt: null,
        expiresAt: null,
      });
      expect(await apiKeys.verify(secret)).toBeUndefined();
    },
  );

  it('seeds the partner and backend clients with their documented secrets', async () => {
    const { clients } = ctx().services;
    expect(
      await clients.authenticate('partner_demo_client', 'partner_demo_secret_4b7e9a2c'),
    ).toMatchObject({
      orgId: 'org_partner_demo',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      platform: false,
    });
    expect(
      await clients.authenticate('gatehouse_demo_backend', 'gatehouse_demo_backend_secret_1f7d'),
    ).toMatchObject({
      type: 'confidential',
      grantTypes: [
        'client_credentials',
        'password',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ],
      // docs/sandbox.md: a platform client, which may act for any org.
      platform: true,
    });
  });

  it('seeds the Partly client as an install client that may omit PKCE, with its exact redirect URI', async () => {
    expect(
      await ctx().services.clients.authenticate('partly_client_demo', 'secret_demo_8f3a'),
    ).toMatchObject({
      orgId: 'org_partly_integration',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      redirectUris: ['http://127.0.0.1:5174/install/callback'],
      platform: false,
      // docs/sandbox.md: PKCE optional, as its contract has no field for it.
      install: true,
      pkceRequired: false,
    });
  });

  // Gatehouse's own demo app (docs/sandbox.md): authorization code with PKCE, OpenID Connect.
  it('seeds the public SPA client with its grants, scopes and exact redirect URI', async () => {
    expect(await ctx().services.clients.find('gatehouse_demo_spa')).toMatchObject({
      orgId: 'org_gatehouse_demo',
      type: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email'],
      redirectUris: ['http://127.0.0.1:5173/callback'],
      // Any sandbox person may use it, in any of their orgs.
      platform: true,
      pkceRequired: true,
      install: false,
    });
  });

  it('seeds only an empty store', async () => {
    const { services } = ctx();
    const before = await services.orgs.list();
    expect(await seedSandboxIfEmpty(services)).toBe(false);
    expect(await services.orgs.list()).toEqual(before);
  });
});
