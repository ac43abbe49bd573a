import { escapeHtml as escape, renderPage } from '../http/pages.js';
import type { SandboxCredentials } from './credentials.js';

/** The credentials page: each contract's values and a curl line to paste, nothing else. */
export function credentialsPage(c: SandboxCredentials): string {
  const [repairer] = c.partly.integrations;
  const partlyBase = c.partly.endpoint.replace('<method>', '');
  const json = (value: unknown) => `'${JSON.stringify(value)}'`;
  const basic = (u: { username: string; password: string }) => `${u.username}:${u.password}`;
  const [dev] = c.partium.users;
  const [admin] = c.patchworks.users;
  const install = c.partly.client;
  // The install consent as a browser opens it (RFC 6749 §4.1.1; `state=xyz` as in its examples).
  const installUrl = `${c.partly.authorization_endpoint}?${new URLSearchParams({
    response_type: 'code',
    client_id: install.client_id,
    redirect_uri: install.redirect_uri ?? '',
    state: 'xyz',
  }).toString()}`;

  const sections: Array<[string, Array<[string, string]>, string[]]> = [
    [
      'Partly-style RPC',
      [
        ['client_id', c.partly.client.client_id],
        ['client_secret', c.partly.client.client_secret ?? ''],
        ['access code (single use)', c.partly.access_code.code],
        ['install in a browser (an org admin consents)', installUrl],
        ['redirect URI', install.redirect_uri ?? ''],
        [
          'PKCE',
          install.pkce_required ? 'required' : 'optional (its contract has no field for it)',
        ],
        ...c.partly.users.map((u): [string, string] => [u.username, u.password]),
        ...c.partly.integrations.flatMap((i): Array<[string, string]> => [
          [`${i.organization} api key`, i.api_key],
          [`${i.organization} integration id`, i.integration_id],
        ]),
      ],
      [
        `curl -s -X POST ${partlyBase}integrations.insert -H "Content-Type: application/json" -d ${json({ client_id: c.partly.client.client_id, client_secret: c.partly.client.client_secret, access_code: c.partly.access_code.code })}`,
        `curl -s -X POST ${partlyBase}repairer.jobs.list -H "Authorization: Bearer ${repairer?.api_key ?? ''}" -H "Partly-Integration-ID: ${repairer?.integration_id ?? ''}" -H "Content-Type: application/json" -d '{}'`,
      ],
    ],
    [
      'Partium-style auth API',
      [
        ['api key', c.partium.api_key.key],
        ...c.partium.users.map((u): [string, string] => [u.username, u.password]),
      ],
      [
        `curl -s -X POST ${c.partium.endpoints[0] ?? ''} -u '${dev ? basic(dev) : ''}'`,
        `curl -s -X POST ${c.partium.search} -H "Authorization: Bearer ${c.partium.api_key.key}" -H "Content-Type: application/json" -d '{"query":"brake"}'`,
      ],
    ],
    [
      'Patchworks-style',
      [
        ['api key (api-user)', c.patchworks.api_key.key],
        ...c.patchworks.users.map((u): [string, string] => [u.username, u.password]),
      ],
      [
        `curl -s -X POST ${c.patchworks.login} -H "Content-Type: application/json" -d ${json({ username: admin?.username, password: admin?.password })}`,
        `curl -s ${c.base_url}/fabric/api/flows -H "Authorization: ${c.patchworks.api_key.key}"`,
      ],
    ],
    [
      'Partner commands',
      [
        ['client_id', c.partner.client.client_id],
        ['client_secret', c.partner.client.client_secret ?? ''],
        ['Requestor-ID', c.partner.requestor_id ?? ''],
      ],
      [
        `curl -s -X POST ${c.partner.token_endpoint} -d grant_type=client_credentials -d client_id=${c.partner.client.client_id} -d client_secret=${c.partner.client.client_secret ?? ''}`,
        `curl -s -X POST ${c.partner.commands.replace('<name>', 'list-customers')} -H "Authorization: Bearer $TOKEN" -H "Requestor-ID: ${c.partner.requestor_id ?? ''}" -H "Content-Type: application/json" -d '{}'`,
      ],
    ],
    [
      'Native OAuth 2.0',
      c.oauth.clients.flatMap((client): Array<[string, string]> => [
        [
          client.client_id,
          // The one public client signs people in with the authorization-code flow and PKCE.
          client.client_secret ?? '(public client: authorization code with PKCE, no secret)',
        ],
        ...(client.redirect_uri === undefined
          ? []
          : [
              [`${client.client_id} redirect_uri`, client.redirect_uri] as [string, string],
              [`${client.client_id} scope`, client.scope ?? ''] as [string, string],
            ]),
      ]),
      [`curl -s ${c.oauth.discovery}`, `curl -s ${c.oauth.openid_configuration}`],
    ],
  ];

  const body = sections
    .map(
      ([title, rows, curls]) => `<section>
<h2>${escape(title)}</h2>
<table>${rows.map(([k, v]) => `<tr><th>${escape(k)}</th><td><code>${escape(v)}</code></td></tr>`).join('')}</table>
${curls.map((line) => `<pre>${escape(line)}</pre>`).join('\n')}
</section>`,
    )
    .join('\n');
  return renderPage(
    'Gatehouse sandbox credentials',
    `<h1>Gatehouse sandbox credentials</h1>
<p>Demo values for every contract; <code>gatehouse sandbox reset</code> restores them.
The same list as JSON: <code>curl ${escape(c.base_url)}/sandbox/credentials</code>.
The people below can also <a href="/signin">sign in with a browser</a>.</p>
${body}`,
  );
}
