import { type Command, Option } from 'commander';
import { roles, type Role } from '../orgs/roles.js';
import { readStdin, withServices } from './context.js';
import { printable } from './printable.js';
import { collect, type Print } from './print.js';

/** `orgs` and `users`: tenants, people and their memberships. */
export function addTenantCommands(program: Command, print: Print): void {
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
}
