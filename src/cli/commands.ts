import { Command, Option } from 'commander';
import { grantTypes, type GrantType } from '../clients/service.js';
import { loadConfig } from '../config.js';
import { isoTime } from '../lib/clock.js';
import { startServer } from '../main.js';
import { roles, type Role } from '../orgs/roles.js';
import { resetSandbox } from '../sandbox/seed.js';
import { createDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { readStdin, withServices } from './context.js';

type Print = (line: string) => void;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The `gatehouse` command line. Each command prints what it made; secrets once. */
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

  const orgs = program.command('orgs').description('organizations');
  orgs
    .command('create')
    .requiredOption('--name <name>', 'display name')
    .option('--kind <kind>', 'kind, where a contract needs one (repairer, supplier, ...)')
    .action((opts: { name: string; kind?: string }) =>
      withServices(async ({ orgs }) => {
        const org = await orgs.create({ name: opts.name, kind: opts.kind ?? null });
        print(`created org ${org.id} (${org.name})`);
      }),
    );
  orgs.command('list').action(() =>
    withServices(async ({ orgs }) => {
      for (const org of await orgs.list()) print(`${org.id}\t${org.name}\t${org.kind ?? ''}`);
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
        print(`created user ${user.id} (${user.email})`);
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
        print(`${user.email} is ${opts.role} in ${opts.org}`);
      }),
    );

  program
    .command('clients')
    .description('OAuth clients')
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
    .action(
      (opts: {
        org: string;
        name: string;
        type: 'confidential' | 'public';
        grant?: GrantType[];
        scope?: string[];
        redirectUri?: string[];
        ttl?: number;
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
          });
          print(
            `created client ${client.id} (${client.type}; grants: ${client.grantTypes.join(' ')})`,
          );
          print(`client_id: ${client.id}`);
          if (secret !== undefined) print(`client_secret: ${secret}   (shown once: store it now)`);
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
          print(`created API key ${apiKey.id} in ${apiKey.orgId}`);
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
          print(`${k.id}\t${k.start}…\t${k.name}\t${k.role ?? '-'}\t${state}`);
        }
      }),
    );
  keys
    .command('revoke')
    .requiredOption('--org <orgId>')
    .requiredOption('--id <keyId>')
    .action((opts: { org: string; id: string }) =>
      withServices(async ({ apiKeys }) => {
        const key = await apiKeys.revoke(opts.org, opts.id);
        print(`revoked API key ${key.id}`);
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
        print(`access code for ${opts.client} into ${opts.org}, single use, expires ${until}`);
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
          print(`${k.kid}\t${k.alg}\t${k.state}\t${isoTime(k.createdAt)}`);
        }
      }),
    );
  signingKeys
    .command('revoke')
    .description('stop trusting a key at once, on every instance; its tokens are refused')
    .argument('<kid>', 'the key id (kid) to revoke')
    .action((kid: string) =>
      withServices(async ({ keys }) => {
        const wasActive = keys.active().kid === kid;
        const { active } = await keys.revoke(kid);
        print(`revoked signing key ${kid}`);
        if (wasActive) print(`active signing key: ${active}`);
      }),
    );

  program
    .command('sandbox')
    .description('the demo fixtures')
    .command('reset')
    .description('restore every fixture (spent codes become valid again); sandbox stores only')
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
