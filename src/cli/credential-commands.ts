import { type Command, Option } from 'commander';
import type { GrantType } from '../clients/service.js';
import { grantTypes } from '../oauth/grants/index.js';
import { roles, type Role } from '../orgs/roles.js';
import type { Services } from '../services.js';
import { withServices } from './context.js';
import { printable } from './printable.js';
import { collect, type Print } from './print.js';

/** `clients`, `keys` and `integrations code`: the credentials an org hands out. */
export function addCredentialCommands(program: Command, print: Print): void {
  const clients = program.command('clients').description('OAuth clients');
  clients
    .command('create')
    .requiredOption('--org <orgId>')
    .requiredOption('--name <name>')
    .addOption(
      new Option('--type <type>').choices(['confidential', 'public']).default('confidential'),
    )
    .addOption(
      new Option('--grant <grant>', 'a grant type it may use (repeatable)')
        .choices(grantTypes)
        .argParser(collect),
    )
    .option('--scope <scope>', 'a scope it may ask for (repeatable)', collect)
    .option('--redirect-uri <uri>', 'an exact redirect URI (repeatable)', collect)
    .option('--ttl <seconds>', 'access-token lifetime', (v) => Number(v))
    .option('--platform', 'a platform client: it may act for the users and keys of any org')
    .option(
      '--install',
      'an install client: an org admin installs it at the authorization endpoint (needs --redirect-uri)',
    )
    .option(
      '--pkce-optional',
      'its authorization requests may omit PKCE (a confidential client only; RFC 9700 §2.1.1)',
    )
    .action(
      (opts: {
        org: string;
        name: string;
        type: 'confidential' | 'public';
        grant?: GrantType[];
        scope?: string[];
        redirectUri?: string[];
        ttl?: number;
        platform?: boolean;
        install?: boolean;
        pkceOptional?: boolean;
      }) =>
        withServices(async ({ clients, orgs }) => {
          if ((await orgs.get(opts.org)) === undefined) throw new Error(`no org ${opts.org}`);
          const { client, secret } = await clients.create({
            orgId: opts.org,
            name: opts.name,
            type: opts.type,
            ...(opts.grant ? { grantTypes: opts.grant } : {}),
            ...(opts.scope ? { scopes: opts.scope } : {}),
            ...(opts.redirectUri ? { redirectUris: opts.redirectUri } : {}),
            accessTokenTtl: opts.ttl ?? null,
            platform: opts.platform === true,
            install: opts.install === true,
            pkceRequired: opts.pkceOptional !== true,
          });
          // Only what departs from the defaults is named.
          const flags = [
            ...(client.platform ? ['platform'] : []),
            ...(client.install ? ['install'] : []),
            ...(client.pkceRequired ? [] : ['PKCE optional']),
          ];
          print(
            `created client ${printable(client.id)} (${[client.type, `grants: ${client.grantTypes.join(' ')}`, ...flags].join('; ')})`,
          );
          print(`client_id: ${printable(client.id)}`);
          if (secret !== undefined) print(`client_secret: ${secret}   (shown once: store it now)`);
        }),
    );
  addListCommand(
    clients,
    ({ clients }, orgId) => clients.list(orgId),
    (c) => [
      printable(c.id),
      printable(c.name),
      c.type,
      c.grantTypes.join(' '),
      c.platform ? 'platform' : 'org',
      c.install ? 'install' : '-',
      c.pkceRequired ? 'pkce required' : 'pkce optional',
    ],
    print,
  );

  const keys = program.command('keys').description('API keys');
  keys
    .command('create')
    .requiredOption('--org <orgId>')
    .requiredOption('--name <name>')
    .addOption(new Option('--role <role>').choices(roles))
    .option('--scope <scope>', 'a scope the key carries (repeatable)', collect)
    .option('--expires-at <time>', 'ISO 8601 expiry (default: never)')
    .action(
      (opts: { org: string; name: string; role?: Role; scope?: string[]; expiresAt?: string }) =>
        withServices(async ({ apiKeys, orgs }) => {
          if ((await orgs.get(opts.org)) === undefined) throw new Error(`no org ${opts.org}`);
          const expires = opts.expiresAt === undefined ? null : Date.parse(opts.expiresAt);
          if (Number.isNaN(expires))
            throw new Error(`--expires-at is not a date: ${opts.expiresAt}`);
          const { apiKey, secret } = await apiKeys.create({
            orgId: opts.org,
            name: opts.name,
            role: opts.role ?? null,
            scopes: opts.scope ?? [],
            expiresAt: expires === null ? null : Math.floor(expires / 1000),
          });
          print(`created API key ${printable(apiKey.id)} in ${printable(apiKey.orgId)}`);
          print(`key: ${secret}   (shown once: store it now)`);
        }),
    );
  addListCommand(
    keys,
    ({ apiKeys }, orgId) => apiKeys.list(orgId),
    (k) => [printable(k.id), `${printable(k.start)}…`, printable(k.name), k.role ?? '-'],
    print,
  );
  keys
    .command('revoke')
    .requiredOption('--org <orgId>')
    .requiredOption('--id <keyId>')
    .action((opts: { org: string; id: string }) =>
      withServices(async ({ apiKeys }) => {
        const key = await apiKeys.revoke(opts.org, opts.id, 'operator');
        print(`revoked API key ${printable(key.id)}`);
      }),
    );

  program
    .command('integrations')
    .description('installs of a client into an org (the Partly-style handshake)')
    .command('code')
    .description('issue a single-use access code that installs --client into --org')
    .requiredOption('--client <clientId>')
    .requiredOption('--org <orgId>')
    .action((opts: { client: string; org: string }) =>
      withServices(async ({ accessCodes, clients, orgs }) => {
        if ((await orgs.get(opts.org)) === undefined) throw new Error(`no org ${opts.org}`);
        if ((await clients.find(opts.client)) === undefined) {
          throw new Error(`no client ${opts.client}`);
        }
        const { code, expiresAt } = await accessCodes.issue({
          clientId: opts.client,
          orgId: opts.org,
        });
        const until = expiresAt === null ? 'never' : new Date(expiresAt * 1000).toISOString();
        print(
          `access code for ${printable(opts.client)} into ${printable(opts.org)}, single use, expires ${until}`,
        );
        print(`code: ${code}   (shown once: hand it to the integration now)`);
      }),
    );
}

/**
 * `<group> list --org <orgId>`: a tab-separated line for each of the org's credentials, its
 * `columns` and then whether it is active or revoked.
 */
function addListCommand<T extends { revokedAt: number | null }>(
  group: Command,
  list: (services: Services, orgId: string) => Promise<T[]>,
  columns: (credential: T) => string[],
  print: Print,
): void {
  group
    .command('list')
    .requiredOption('--org <orgId>')
    .action((opts: { org: string }) =>
      withServices(async (services) => {
        for (const credential of await list(services, opts.org)) {
          const state = credential.revokedAt !== null ? 'revoked' : 'active';
          print([...columns(credential), state].join('\t'));
        }
      }),
    );
}
