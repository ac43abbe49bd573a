import { loadConfig, type Config } from '../config.js';
import { systemClock } from '../lib/clock.js';
import { createServices, type Services } from '../services.js';
import { createDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

/** Opens the configured store (migrated) and builds the services for one command. */
export async function withServices<T>(
  run: (services: Services) => Promise<T>,
  overrides: Partial<Config> = {},
): Promise<T> {
  const config = loadConfig(process.env, overrides);
  const db = createDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const services = await createServices({ config, db, clock: systemClock });
    return await run(services);
  } finally {
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
