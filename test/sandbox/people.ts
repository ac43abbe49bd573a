/**
 * The sandbox's people as docs/sandbox.md lists them, typed out as a user copies them (not
 * imported from src/): the fixtures test signs each in and checks their roles, and the
 * credentials page must show the Partium ones.
 */
export const people = [
  {
    email: 'dev@partium.example',
    password: 'demo-dev-pass',
    memberships: [
      { orgId: 'org_demo_parts', organization: 'Demo Parts Co', role: 'developer' },
      { orgId: 'org_second_parts', organization: 'Second Parts Co', role: 'member' },
    ],
  },
  {
    email: 'viewer@partium.example',
    password: 'demo-viewer-pass',
    memberships: [{ orgId: 'org_demo_parts', organization: 'Demo Parts Co', role: 'member' }],
  },
  {
    email: 'admin@patchworks.example',
    password: 'demo-admin-pass',
    memberships: [{ orgId: 'org_demo_retail', organization: 'Demo Retail', role: 'admin' }],
  },
  {
    email: 'manager@patchworks.example',
    password: 'demo-manager-pass',
    memberships: [{ orgId: 'org_demo_retail', organization: 'Demo Retail', role: 'manager' }],
  },
  {
    email: 'admin@partly.example',
    password: 'demo-partly-pass',
    memberships: [
      { orgId: 'org_demo_repairer', organization: 'Demo Repairer', role: 'admin' },
      { orgId: 'org_demo_supplier', organization: 'Demo Supplier', role: 'admin' },
    ],
  },
];
