import type { RecordData, RecordKind } from '../records/service.js';

/**
 * The fixtures of docs/sandbox.md that belong to the contract surfaces: the Partly install
 * handshake's access code and integrations, and the demo resources each contract serves.
 */
export const fixtureAccessCodes = [
  // Single-use. It does not expire, so that the documented curl line works however long the
  // sandbox has been running; codes issued by `gatehouse integrations code` live 15 minutes.
  { code: 'ac_demo_valid_15m', clientId: 'partly_client_demo', orgId: 'org_demo_repairer' },
] as const;

export const fixtureIntegrations = [
  {
    id: '0c000000-0000-4000-8000-000000000001',
    orgId: 'org_demo_repairer',
    clientId: 'partly_client_demo',
    apiKeyId: 'key_partly_repairer',
  },
  {
    id: '0c000000-0000-4000-8000-000000000002',
    orgId: 'org_demo_supplier',
    clientId: 'partly_client_demo',
    apiKeyId: 'key_partly_supplier',
  },
] as const;

const corolla = '0a000000-0000-4000-8000-000000000001';

export const fixtureRecords: ReadonlyArray<{
  kind: RecordKind;
  id: string;
  orgId: string;
  data: RecordData;
}> = [
  {
    kind: 'job',
    id: corolla,
    orgId: 'org_demo_repairer',
    data: { vehicle: '2019 Toyota Corolla', status: 'open' },
  },
  {
    kind: 'procurement',
    id: '0d000000-0000-4000-8000-000000000001',
    orgId: 'org_demo_supplier',
    data: { job_id: corolla, repairer: 'Demo Repairer', status: 'requested' },
  },
  {
    kind: 'procurement',
    id: '0d000000-0000-4000-8000-000000000002',
    orgId: 'org_other_supplier',
    data: { job_id: corolla, repairer: 'Demo Repairer', status: 'requested' },
  },
  ...[
    ['prt_brake_pad_set', 'Brake pad set', 'BP-2019-COR'],
    ['prt_oil_filter', 'Oil filter', 'OF-90915'],
    ['prt_spark_plug', 'Spark plug', 'SP-IK20'],
    ['prt_air_filter', 'Air filter', 'AF-17801'],
    ['prt_wiper_blade', 'Wiper blade', 'WB-600'],
  ].map(([id = '', name, partNumber]) => ({
    kind: 'part' as const,
    id,
    orgId: 'org_demo_parts',
    data: { name, part_number: partNumber },
  })),
  {
    kind: 'part',
    id: 'prt_second_brake_disc',
    orgId: 'org_second_parts',
    data: { name: 'Brake disc', part_number: 'BD-330' },
  },
  {
    kind: 'flow',
    id: 'flw_orders_to_erp',
    orgId: 'org_demo_retail',
    data: { name: 'Shopify orders to ERP', enabled: true },
  },
  {
    kind: 'flow',
    id: 'flw_stock_sync',
    orgId: 'org_demo_retail',
    data: { name: 'Stock levels to Shopify', enabled: false },
  },
  {
    kind: 'natural_person',
    id: '0e000000-0000-4000-8000-000000000001',
    orgId: 'org_partner_demo',
    data: { first_name: 'Demo', last_name: 'Requestor' },
  },
  {
    kind: 'customer',
    id: '0f000000-0000-4000-8000-000000000001',
    orgId: 'org_partner_demo',
    data: { type: 'legal_entity', name: 'Demo Trading Ltd' },
  },
];
