import { Command, Option } from 'commander';
import { grantTypes, type GrantType } from '../clients/service.js';
import { loadConfig } from '../config.js';
import { createPruner } from '../maintenance/prune.js';
import { isoTime } from '../lib/clock.js';
import { startServer } from '../main.js';
import { roles, type Role } from '../orgs/roles.js';
import { resetSandbox } from '../sandbox/seed.js';
import { createDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { readStdin, withServices } from './context.js';
import { printable } from './printable.js';

type Print = (line: string) => void;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The `gatehouse` command line. Each command prints what it made; secrets once. Every value
 * read from the store or given by the operator is printed through `printable`.
 */
export function buildCli(print: Print = (line) => console.log(line)): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: authentication and authorization for partner APIs')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server (production: no demo data unless --sandbox)')
    .option('--sandbox', 'seed the demo fixtures and mount every surface (own store)')
    .option(
      '--allow-generated-keys',
      'production without GATEHOUSE_HASH_KEY / GATEHOUSE_SECRET_KEY: generate them (warns)',
    )
    .action(async (opts: { sandbox?: boolean; allowGeneratedKeys?: boolean }) => {
      const server = await startServer(
        loadConfig(process.env, {
          sandbox: opts.sandbox === true,
          ...(opts.allowGeneratedKeys ? { allowGeneratedKeys: true } : {}),
        }),
      );
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('apply pending migrations to DATABASE_URL')
    .action(async () => {
      const db = createDatabase(loadConfig(process.env).databaseUrl);
      try {
        const applied = await migrateToLatest(db);
        print(applied.length === 0 ? 'already up to date' : `applied: ${applied.join(', ')}`);
      } finally {
        await db.destroy();
      }
    });

  program
    .command('prune')
    .description(
      'delete expired throttles, refresh tokens, deny-list entries, codes and idempotency keys',
    )
    .action(() =>
      withServices(async ({ db, clock }) => {
        const pruned = await createPruner({ db, clock }).run();
        print(
          `pruned ${pruned.throttles} throttles, ${pruned.refreshFamilies} refresh-token ` +
            `families, ${pruned.revokedTokens} deny-list entries, ${pruned.accessCodes} access ` +
            `codes, ${pruned.idempotencyKeys} idempotency keys`,
        );
      }),
    );

  const orgs = program.command('orgs').description('organizations');
  orgs
    .command('create')
    .requiredOption('--name <name>', 'display name')
    .option('--kind <kind>', 'kind, where a contract needs one (repairer, supplier, ...)')
    .option('--scope <scope>', 'a scope its API keys may carry (repeatable)', collect)
    .action((opts: { name: string; kind?: string; scope?: string[] }) =>
      withServices(async ({ orgs }) => {
        const org = await orgs.create({
          name: opts.name,
          kind: opts.kind ?? null,
          scopes: opts.scope ?? [],
        });
        print(`created org ${printable(org.id)} (${printable(org.name)})`);
        if (org.scopes.length > 0) print(`scopes: ${printable(org.scopes.join(' '))}`);
      }),
    );
  orgs
    .command('set-scopes')
    .description('replace the scopes the org defines (none without --scope)')
    .requiredOption('--org <orgId>')
    .option('--scope <scope>', 'a scope its API keys may carry (repeatable)', collect)
    .action((opts: { org: string; scope?: string[] }) =>
      withServices(async ({ orgs }) => {
        if ((await orgs.get(opts.org)) === undefined) throw new Error(`no org ${opts.org}`);
        const org = await orgs.setScopes(opts.org, opts.scope ?? []);
        const scopes = org.scopes.length > 0 ? `scopes: ${org.scopes.join(' ')}` : 'no scopes';
        print(`${printable(org.id)} defines ${scopes}`);
      }),
    );
  orgs.command('list').action(() =>
    withServices(async ({ orgs }) => {
      for (const org of await orgs.list()) {
        print(`${printable(org.id)}\t${printable(org.name)}\t${printable(org.kind ?? '')}`);
      }
    }),
  );

  const users = program.command('users').description('people and their memberships');
  users
    .command('create')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>', 'the password, or - to read it from standard input')
    .option('--name <name>')
    .action((opts: { email: string; password: string; name?: string }) =>
      withServices(async ({ users }) => {
        const password = opts.password === '-' ? await readStdin() : opts.password;
        const user = await users.create({
          email: opts.email,
          password,
          ...(opts.name ? { name: opts.name } : {}),
        });
        print(`created user ${printable(user.id)} (${printable(user.email)})`);
      }),
    );
  users
    .command('add-to-org')
    .requiredOption('--email <email>')
    .requiredOption('--org <orgId>')
    .addOption(new Option('--role <role>').choices(roles).makeOptionMandatory())
    .action((opts: { email: string; org: string; role: Role }) =>
      withServices(async ({ users, orgs }) => {
        const user = await users.findByEmail(opts.email);
        if (user === undefined) throw new Error(`no user with email ${opts.email}`);
        if ((await orgs.get(opts.org)) === undefined) throw new Error(`no org ${opts.org}`);
        await users.addToOrg(user.id, opts.org, opts.role);
        print(`${printable(user.email)} is ${opts.role} in ${printable(opts.org)}`);
      }),
    );

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
          });
          const platform = client.platform ? '; platform' : '';
          print(
            `created client ${printable(client.id)} (${client.type}; grants: ${client.grantTypes.join(' ')}${platform})`,
          );
          print(`client_id: ${printable(client.id)}`);
          if (secret !== undefined) print(`client_secret: ${secret}   (shown once: store it now)`);
        }),
    );
  clients
    .command('list')
    .requiredOption('--org <orgId>')
    .action((opts: { org: string }) =>
      withServices(async ({ clients }) => {
        for (const c of await clients.list(opts.org)) {
          const state = c.revokedAt !== null ? 'revoked' : 'active';
          const reach = c.platform ? 'platform' : 'org';
          print(
            [printable(c.id), printable(c.name), c.type, c.grantTypes.join(' '), reach, state].join(
              '\t',
            ),
          );
        }
      }),
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
  keys
    .command('list')
    .requiredOption('--org <orgId>')
    .action((opts: { org: string }) =>
      withServices(async ({ apiKeys }) => {
        for (const k of await apiKeys.list(opts.org)) {
          const state = k.revokedAt !== null ? 'revoked' : 'active';
          print(
            [
              printable(k.id),
              `${printable(k.start)}…`,
              printable(k.name),
              k.role ?? '-',
              state,
            ].join('\t'),
          );
        }
      }),
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

  const signingKeys = program.command('signing-keys').description('access-token signing keys');
  signingKeys
    .command('rotate')
    .description('make a new signing key active; the old one stays published')
    .action(() =>
      withServices(async ({ keys }) => {
        print(`active signing key: ${await keys.rotate()}`);
      }),
    );
  signingKeys
    .command('list')
    .description('every signing key, the active one first: kid, algorithm, state, creation')
    .action(() =>
      withServices(async ({ keys }) => {
        for (const k of await keys.list()) {
          print(`${printable(k.kid)}\t${k.alg}\t${k.state}\t${isoTime(k.createdAt)}`);
        }
      }),
    );
  signingKeys
    .command('revoke')
    .description('stop trusting a key at once, on every instance; its tokens are refused')
    .argument('<kid>', 'the key id (kid) to revoke')
    // A kid is a base64url thumbprint (RFC 7638) and may begin with "-": not an option here.
    .allowUnknownOption()
    .action((kid: string) =>
      withServices(async ({ keys }) => {
        const wasActive = keys.active().kid === kid;
        const { active } = await keys.revoke(kid);
        print(`revoked signing key ${printable(kid)}`);
        if (wasActive) print(`active signing key: ${active}`);
      }),
    );

  program
    .command('sandbox')
    .description('the demo fixtures')
    .command('reset')
    .description(
      'restore every fixture of docs/sandbox.md (spent codes become valid again); sandbox stores only',
    )
    .action(() =>
      withServices(
        async (services) => {
          await resetSandbox(services);
          print('sandbox fixtures restored');
        },
        { sandbox: true },
      ),
    );

  return program;
}
