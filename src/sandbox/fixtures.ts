import type { ClientType, GrantType } from '../clients/service.js';
import type { Role } from '../orgs/roles.js';

/**
 * The demo fixtures of docs/sandbox.md. Users paste these values into curl, so they are exact;
 * ids are fixed too, so that `sandbox reset` restores the same objects.
 */
export const fixtureOrgs = [
  { id: 'org_demo_repairer', name: 'Demo Repairer', kind: 'repairer' },
  { id: 'org_demo_supplier', name: 'Demo Supplier', kind: 'supplier' },
  { id: 'org_other_supplier', name: 'Other Supplier', kind: 'supplier' },
  // The scopes its keys may carry: what a parts catalogue client reads and writes.
  {
    id: 'org_demo_parts',
    name: 'Demo Parts Co',
    kind: null,
    scopes: ['parts:read', 'parts:write'],
  },
  { id: 'org_second_parts', name: 'Second Parts Co', kind: null },
  { id: 'org_demo_retail', name: 'Demo Retail', kind: 'company' },
  { id: 'org_partner_demo', name: 'Partner Demo', kind: null },
  { id: 'org_gatehouse_demo', name: 'Gatehouse Demo', kind: null },
  // The developer of the Partly-style integration: it owns partly_client_demo.
  { id: 'org_partly_integration', name: 'Partly Demo Integration', kind: null },
] as const;

export const fixtureUsers: ReadonlyArray<{
  id: string;
  email: string;
  password: string;
  memberships: ReadonlyArray<{ orgId: string; role: Role }>;
}> = [
  {
    id: 'usr_partium_dev',
    email: 'dev@partium.example',
    password: 'demo-dev-pass',
    memberships: [
      { orgId: 'org_demo_parts', role: 'developer' },
      { orgId: 'org_second_parts', role: 'member' },
    ],
  },
  {
    id: 'usr_partium_viewer',
    email: 'viewer@partium.example',
    password: 'demo-viewer-pass',
    memberships: [{ orgId: 'org_demo_parts', role: 'member' }],
  },
  {
    id: 'usr_patchworks_admin',
    email: 'admin@patchworks.example',
    password: 'demo-admin-pass',
    memberships: [{ orgId: 'org_demo_retail', role: 'admin' }],
  },
  {
    id: 'usr_patchworks_manager',
    email: 'manager@patchworks.example',
    password: 'demo-manager-pass',
    memberships: [{ orgId: 'org_demo_retail', role: 'manager' }],
  },
  // An admin of both Partly-style orgs: the person who installs an integration into one.
  {
    id: 'usr_partly_admin',
    email: 'admin@partly.example',
    password: 'demo-partly-pass',
    memberships: ['org_demo_repairer', 'org_demo_supplier'].map((orgId) => ({
      orgId,
      role: 'admin' as const,
    })),
  },
];

export const fixtureClients: ReadonlyArray<{
  id: string;
  secret?: string;
  orgId: string;
  name: string;
  type: ClientType;
  grantTypes: GrantType[];
  scopes?: string[];
  redirectUris?: string[];
  platform?: boolean;
  pkceRequired?: boolean;
  install?: boolean;
}> = [
  {
    id: 'partner_demo_client',
    secret: 'partner_demo_secret_4b7e9a2c',
    orgId: 'org_partner_demo',
    name: 'Partner demo client',
    type: 'confidential',
    grantTypes: ['client_credentials'],
  },
  {
    id: 'partly_client_demo',
    secret: 'secret_demo_8f3a',
    orgId: 'org_partly_integration',
    name: 'Partly demo integration',
    type: 'confidential',
    // Its credentials install it into an org with an access code (integrations.insert); an
    // org admin issues one at the authorization endpoint, which redirects here with it.
    grantTypes: ['client_credentials'],
    install: true,
    redirectUris: ['http://127.0.0.1:5174/install/callback'],
    // Its contract's install redirect has no PKCE parameters, so it may leave them out.
    pkceRequired: false,
  },
  {
    id: 'gatehouse_demo_spa',
    orgId: 'org_gatehouse_demo',
    name: 'Gatehouse demo SPA',
    type: 'public',
    // Gatehouse's own demo app (docs/sandbox.md): a browser app that signs people in with the
    // authorization-code flow, PKCE (which a public client must use) and OpenID Connect.
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email'],
    redirectUris: ['http://127.0.0.1:5173/callback'],
    // Any sandbox person may use it, in any of their orgs.
    platform: true,
  },
  {
    id: 'gatehouse_demo_backend',
    secret: 'gatehouse_demo_backend_secret_1f7d',
    orgId: 'org_gatehouse_demo',
    name: 'Gatehouse demo backend',
    type: 'confidential',
    // A platform client: it signs in, exchanges and refreshes for any org.
    platform: true,
    grantTypes: [
      'client_credentials',
      'password',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:token-exchange',
    ],
  },
];

export const fixtureApiKeys: ReadonlyArray<{
  id: string;
  secret: string;
  orgId: string;
  name: string;
  role: Role | null;
}> = [
  {
    id: 'key_partly_repairer',
    secret: 'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
    orgId: 'org_demo_repairer',
    name: 'Demo Repairer integration',
    role: 'member',
  },
  {
    id: 'key_partly_supplier',
    secret: 'partly_demo_supplier_9b1d4e7a2c5f8b0e3d6a',
    orgId: 'org_demo_supplier',
    name: 'Demo Supplier integration',
    role: 'member',
  },
  {
    id: 'key_partium_demo',
    secret: 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f',
    orgId: 'org_demo_parts',
    name: 'Demo Parts Co key',
    role: 'member',
  },
  {
    id: 'key_patchworks_demo',
    secret: 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f',
    orgId: 'org_demo_retail',
    name: 'api-user',
    role: 'manager',
  },
];
