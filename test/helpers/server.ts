import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { createLogger } from '../../src/http/logger.js';

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
 * The real server, as `npm start` runs it (sandbox, SQLite file), listening on 127.0.0.1
 * with PUBLIC_URL set to the address it listens on.
 */
export function useRunningServer(overrides: Partial<Config> = {}): () => RunningServer {
  let server: RunningServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  beforeAll(async () => {
    const port = await freePort();
    const config = loadConfig(
      { PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'gatehouse.db')}` },
      {
        sandbox: true,
        publicUrl: `http://127.0.0.1:${port}`,
        host: '127.0.0.1',
        ...overrides,
      },
    );
    server = await startServer(config, { logger: createLogger('silent') });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (server === undefined) throw new Error('the server is not running yet');
    return server;
  };
}

/**
 * The body of a request for fetch and the content type it is sent as: `json` as JSON, or
 * `raw` exactly as given with `contentType` (none if not given).
 */
export function bodyOf(sent: { json?: unknown; raw?: string; contentType?: string }): {
  headers: Record<string, string>;
  body: string | undefined;
} {
  if (sent.json !== undefined) {
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(sent.json) };
  }
  if (sent.raw === undefined) return { headers: {}, body: undefined };
  return {
    headers: sent.contentType === undefined ? {} : { 'content-type': sent.contentType },
    body: sent.raw,
  };
}
