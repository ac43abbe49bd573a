import { fixtureAccessCodes, fixtureIntegrations, fixtureRecords } from './contract-fixtures.js';
import { fixtureApiKeys, fixtureClients, fixtureOrgs, fixtureUsers } from './fixtures.js';

/**
 * The sandbox credentials, as `GET /sandbox/credentials` lists them: built from the
 * fixtures themselves, so the list cannot drift from what is seeded.
 */
export function sandboxCredentials(baseUrl: string) {
  const orgName = (id: string) => fixtureOrgs.find((o) => o.id === id)?.name ?? id;
  const client = (id: string) => {
    const c = fixtureClients.find((f) => f.id === id);
    return { client_id: id, client_secret: c?.secret ?? null };
  };
  // An install client: what an org admin's browser is sent to after the install consent.
  const installClient = (id: string) => {
    const c = fixtureClients.find((f) => f.id === id);
    return {
      ...client(id),
      redirect_uri: c?.redirectUris?.[0] ?? null,
      install: c?.install === true,
      pkce_required: c?.pkceRequired !== false,
    };
  };
  // What a browser app needs to start the authorization-code flow.
  const browserApp = (id: string) => {
    const c = fixtureClients.find((f) => f.id === id);
    return {
      redirect_uri: c?.redirectUris?.[0] ?? '',
      scope: (c?.scopes ?? []).join(' '),
      code_challenge_method: 'S256',
    };
  };
  const key = (id: string) => fixtureApiKeys.find((k) => k.id === id)?.secret ?? '';
  const user = (email: string) => {
    const u = fixtureUsers.find((f) => f.email === email);
    return {
      username: email,
      password: u?.password ?? '',
      roles: (u?.memberships ?? []).map((m) => ({ organization: orgName(m.orgId), role: m.role })),
    };
  };
  const oauthClients: OAuthClientCredentials[] = [
    // A public client: the authorization-code flow with PKCE (S256), no secret.
    { ...client('gatehouse_demo_spa'), ...browserApp('gatehouse_demo_spa') },
    client('gatehouse_demo_backend'),
  ];
  const record = (kind: string) => fixtureRecords.filter((r) => r.kind === kind);

  return {
    base_url: baseUrl,
    partly: {
      endpoint: `${baseUrl}/api/2026-01/<method>`,
      // Where an org admin installs the client (the install consent), issuing an access code.
      authorization_endpoint: `${baseUrl}/oauth/authorize`,
      client: installClient('partly_client_demo'),
      users: [user('admin@partly.example')],
      access_code: {
        code: fixtureAccessCodes[0].code,
        organization: orgName(fixtureAccessCodes[0].orgId),
        single_use: true,
      },
      integrations: fixtureIntegrations.map((i) => ({
        organization: orgName(i.orgId),
        kind: fixtureOrgs.find((o) => o.id === i.orgId)?.kind ?? null,
        api_key: key(i.apiKeyId),
        integration_id: i.id,
      })),
      job: record('job').map((r) => ({ id: r.id, ...r.data }))[0],
      procurements: record('procurement').map((r) => ({
        id: r.id,
        supplier: orgName(r.orgId),
        status: r.data.status,
      })),
    },
    partium: {
      endpoints: [`${baseUrl}/auth`, `${baseUrl}/1/auth`, `${baseUrl}/auth/refresh`],
      search: `${baseUrl}/1/find/search`,
      api_key: { key: key('key_partium_demo'), organization: 'Demo Parts Co' },
      users: [user('dev@partium.example'), user('viewer@partium.example')],
    },
    patchworks: {
      login: `${baseUrl}/fabric/api/login`,
      api_key: { key: key('key_patchworks_demo'), organization: 'Demo Retail', role: 'api-user' },
      users: [user('admin@patchworks.example'), user('manager@patchworks.example')],
    },
    partner: {
      token_endpoint: `${baseUrl}/oauth/token`,
      commands: `${baseUrl}/partner/v1/commands/<name>`,
      client: client('partner_demo_client'),
      requestor_id: record('natural_person')[0]?.id ?? null,
    },
    oauth: {
      discovery: `${baseUrl}/.well-known/oauth-authorization-server`,
      openid_configuration: `${baseUrl}/.well-known/openid-configuration`,
      authorization_endpoint: `${baseUrl}/oauth/authorize`,
      token_endpoint: `${baseUrl}/oauth/token`,
      userinfo_endpoint: `${baseUrl}/oauth/userinfo`,
      clients: oauthClients,
    },
  };
}

/** A native client's credentials; a browser app's also say how it starts its flow. */
interface OAuthClientCredentials {
  client_id: string;
  client_secret: string | null;
  redirect_uri?: string;
  scope?: string;
  code_challenge_method?: string;
}

export type SandboxCredentials = ReturnType<typeof sandboxCredentials>;
