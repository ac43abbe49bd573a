import { destination } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { createRevocationFanout } from '../gateway/revocation-fanout.js';
import { createLogger } from '../http/logger.js';
import { systemClock } from '../lib/clock.js';
import { openStore } from '../open-store.js';
import { createServices, type Services } from '../services.js';

/**
 * Opens the configured store (migrated) and builds the services for one command. A command
 * works on either kind of store; one that is for the sandbox (`sandbox reset`) says so, and
 * is refused a production store. The secret key comes from the environment, or from the
 * file beside an SQLite store that the sandbox (or --allow-generated-keys) made.
 */
export async function withServices<T>(
  run: (services: Services) => Promise<T>,
  overrides: Partial<Config> = {},
): Promise<T> {
  const given = loadConfig(process.env, overrides);
  const { db, config } = await openStore(given, {
    ...(given.sandbox ? { claim: 'sandbox' as const } : {}),
    generateSecretKey: given.sandbox || given.allowGeneratedKeys,
  });
  // With Redis, a revocation or change made here reaches running servers' caches within
  // milliseconds, as one made through a server does; without it, at their next sync.
  const fanout = config.redisUrl
    ? createRevocationFanout(config.redisUrl, createLogger('warn', destination(2)))
    : undefined;
  try {
    const services = await createServices({
      config,
      db,
      clock: systemClock,
      ...(fanout ? { notifier: fanout } : {}),
    });
    return await run(services);
  } finally {
    await fanout?.close();
    await db.destroy();
  }
}

/** Reads a secret from standard input (for `--password -`), so it stays out of `ps`. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
