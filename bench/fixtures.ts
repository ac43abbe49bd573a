import { fixtureIntegrations, fixtureRecords } from '../src/sandbox/contract-fixtures.js';
import { fixtureApiKeys, fixtureClients, fixtureUsers } from '../src/sandbox/fixtures.js';

/**
 * The sandbox credentials the scenarios present (docs/sandbox.md), read from the fixtures the
 * bench servers seed, so that the two cannot drift apart.
 */
function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the sandbox fixtures have no ${what}`);
  return value;
}

function client(id: string) {
  const fixture = found(
    fixtureClients.find((c) => c.id === id),
    `client ${id}`,
  );
  return { id, secret: found(fixture.secret, `secret of ${id}`), orgId: fixture.orgId };
}

const keyOf = (id: string) =>
  found(
    fixtureApiKeys.find((k) => k.id === id),
    `API key ${id}`,
  );

/** The partner commands' client: client_credentials, and the tokens of the partner commands. */
export const partnerClient = client('partner_demo_client');
/** The Partly-style install client, whose credentials and an access code install it. */
export const installClient = client('partly_client_demo');
/** The platform client: password, refresh and token exchange grants. */
export const backendClient = client('gatehouse_demo_backend');

/** The Demo Repairer's install: its key is valid only with its integration id. */
export const repairerInstall = {
  key: keyOf('key_partly_repairer').secret,
  integrationId: found(
    fixtureIntegrations.find((i) => i.apiKeyId === 'key_partly_repairer'),
    'repairer integration',
  ).id,
  orgId: keyOf('key_partly_repairer').orgId,
};

export const partiumKey = keyOf('key_partium_demo');
export const patchworksKey = keyOf('key_patchworks_demo');

/** A person of Demo Parts Co, whose sign-in starts a refresh family. */
export const partsDeveloper = found(
  fixtureUsers.find((u) => u.email === 'dev@partium.example'),
  'user dev@partium.example',
);

/** The natural person a partner command names in `Requestor-ID`. */
export const requestorId = found(
  fixtureRecords.find((r) => r.kind === 'natural_person'),
  'natural person',
).id;
