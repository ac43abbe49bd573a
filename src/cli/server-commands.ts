import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createPruner } from '../maintenance/prune.js';
import { contractPruneTasks } from '../surfaces/index.js';
import { startServer } from '../main.js';
import { resetSandbox } from '../sandbox/seed.js';
import { createDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { withServices } from './context.js';
import type { Print } from './print.js';

/** `serve`, `migrate`, `prune` and `sandbox reset`: the server and its store. */
export function addServerCommands(program: Command, print: Print): void {
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
        const tasks = contractPruneTasks;
        const pruned = await createPruner({ db, clock, tasks }).run();
        const counts = [
          `${pruned.throttles} throttles`,
          `${pruned.refreshFamilies} refresh-token families`,
          `${pruned.revokedTokens} deny-list entries`,
          `${pruned.accessCodes} access codes`,
          `${pruned.authorizationCodes} authorization codes`,
          `${pruned.sessions} sessions`,
          ...tasks.map((task) => `${pruned[task.key] ?? 0} ${task.label}`),
        ];
        print(`pruned ${counts.join(', ')}`);
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
}
