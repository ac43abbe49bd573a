import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createRevocationFanout } from './gateway/revocation-fanout.js';
import { createRedisUsageLimiter } from './gateway/usage-limit.js';
import { createLogger } from './http/logger.js';
import { buildServer } from './http/server.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createPruner, pruneInterval } from './maintenance/prune.js';
import { seedSandboxIfEmpty } from './sandbox/seed.js';
import { createServices, type Services } from './services.js';
import { createDatabase, type Db } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/** Opens and migrates the store, builds every service, seeds the sandbox, and listens. */
export async function startServer(
  config: Config,
  options: { logger?: Logger; clock?: Clock; db?: Db } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = options.db ?? createDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const clock = options.clock ?? systemClock;
  const fanout = config.redisUrl ? createRevocationFanout(config.redisUrl, logger) : undefined;
  const usage = config.redisUrl
    ? createRedisUsageLimiter(
        config.redisUrl,
        { limit: config.usageLimit, window: config.usageWindow, clock },
        logger,
      )
    : undefined;
  const services = await createServices({
    config,
    db,
    clock,
    ...(fanout ? { notifier: fanout } : {}),
    ...(usage ? { usage } : {}),
  });
  await fanout?.listen(services.denyList);
  if (config.sandbox && (await seedSandboxIfEmpty(services))) {
    logger.info('sandbox fixtures seeded');
  }
  const app = await buildServer(services, logger);
  // Revocations made by other instances reach this one within a second, Redis or not.
  const sync = setInterval(() => {
    services.denyList
      .sync()
      .catch((error: unknown) => logger.warn({ err: error }, 'deny-list sync failed'));
  }, 1000);
  sync.unref();
  // Expired rows are deleted every few minutes, so that the store stays bounded.
  const pruner = createPruner({ db, clock });
  const prune = setInterval(() => {
    pruner.run().catch((error: unknown) => logger.warn({ err: error }, 'pruning the store failed'));
  }, pruneInterval * 1000);
  prune.unref();
  await app.listen({ port: config.port, host: config.host });
  logger.info(`Gatehouse ${config.sandbox ? 'sandbox ' : ''}listening on ${config.publicUrl}`);
  return {
    app,
    services,
    url: config.publicUrl,
    async close() {
      clearInterval(sync);
      clearInterval(prune);
      await app.close();
      await fanout?.close();
      await services.usage.close();
      await db.destroy();
    },
  };
}
