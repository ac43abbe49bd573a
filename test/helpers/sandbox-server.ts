import { createServer } from 'node:net';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import type { SharedStore } from './shared-store.js';

/** A free TCP port on 127.0.0.1 (the OS picks one; it is released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server, as `npm start` runs it (sandbox, fixtures seeded), on `store`, listening
 * on a free port of 127.0.0.1 with PUBLIC_URL set to the address it listens on. It needs no
 * test runner, so that scripts (scripts/screenshots.ts) start the same server as the tests.
 */
export async function startSandboxServer(
  store: SharedStore,
  overrides: Partial<Config> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const config = loadConfig(
    {},
    {
      sandbox: true,
      databaseUrl: store.url,
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      host: '127.0.0.1',
      ...overrides,
    },
  );
  return startServer(config, { logger: createLogger('silent'), db: store.connect() });
}
