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
import { openStore } from './open-store.js';
import { createServices, type Services } from './services.js';
import { contractPruneTasks } from './surfaces/index.js';
import type { Db } from './store/database.js';

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
  // The sandbox and production never share a store; production keeps its keys outside it.
  const opened = await openStore(config, {
    ...(options.db ? { db: options.db } : {}),
    claim: config.sandbox ? 'sandbox' : 'production',
    generateSecretKey: config.sandbox || config.allowGeneratedKeys,
    onConnectionError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection ended'),
  });
  const { db } = opened;
  for (const warning of opened.warnings) logger.warn(warning);
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
    config: opened.config,
    db,
    clock,
    ...(fanout ? { notifier: fanout } : {}),
    ...(usage ? { usage } : {}),
  }).catch(async (error: unknown) => {
    // E.g. signing keys sealed under another GATEHOUSE_SECRET_KEY: let the process end.
    await Promise.all([fanout?.close(), usage?.close(), db.destroy()]);
    throw error;
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
      .catch((error: unknown) => logger.warn({ err: error }, 'deny-list sync failed'))
      // Keys rotated or revoked elsewhere reach memory here, even with no token issued.
      .then(() => services.keys.refresh())
      .catch((error: unknown) => logger.warn({ err: error }, 'signing-key reload failed'));
  }, 1000);
  sync.unref();
  // Expired rows are deleted every few minutes, so that the store stays bounded.
  const pruner = createPruner({ db, clock, tasks: contractPruneTasks });
  const prune = setInterval(() => {
    pruner.run().catch((error: unknown) => logger.warn({ err: error }, 'pruning the store failed'));
  }, pruneInterval * 1000);
  prune.unref();
  await app.listen({ port: config.port, host: config.host });
  logger.info(`Gatehouse ${config.sandbox ? 'sandbox ' : ''}listening on ${config.publicUrl}`);
  logger.info(
    config.sandbox
      ? `open ${config.publicUrl}/sandbox for the demo credentials`
      : `open ${config.publicUrl}/ for the discovery links`,
  );
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
