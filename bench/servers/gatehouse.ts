import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { buildServer } from '../../src/http/server.js';
import { startServer } from '../../src/main.js';
import { authenticationOff } from './auth-off.js';
import { answerParent, portFrom } from './ipc.js';
import { preparations } from './preparations.js';

/**
 * Gatehouse as `gatehouse serve --sandbox` runs it (bench/README.md): configured by its own
 * environment variables (DATABASE_URL, PORT, PUBLIC_URL, the keys, USAGE_LIMIT, LOG_LEVEL),
 * its store migrated and seeded with the sandbox fixtures, its log on stdout, which the
 * harness sends to a file. With BENCH_AUTH_OFF_PORT it also serves, on that port, a second
 * app built by the product's own `buildServer` from the same services with the credential
 * checks switched off (auth-off.ts): the keyed scenario's reference.
 */
const config = loadConfig(process.env, { sandbox: true });
const logger = createLogger(config.logLevel);
const server = await startServer(config, { logger });
const offPort = process.env.BENCH_AUTH_OFF_PORT;
const off =
  offPort === undefined ? undefined : await buildServer(authenticationOff(server.services), logger);
await off?.listen({ port: portFrom(process.env, 'BENCH_AUTH_OFF_PORT'), host: config.host });

answerParent(preparations(server.services), async () => {
  await off?.close();
  await server.close();
});
