import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningServer } from '../../src/main.js';
import { testSecretKey } from './app.js';
import { startSandboxServer } from './sandbox-server.js';
import { sharedStore, type SharedStore } from './shared-store.js';
import { sqlite, type StoreTarget } from './targets.js';

export { freePort } from './sandbox-server.js';

/**
 * The real server, as `npm start` runs it (sandbox), listening on 127.0.0.1 with PUBLIC_URL
 * set to the address it listens on: on a fresh SQLite file, or on a fresh store of `target`.
 */
export function useRunningServer(
  overrides: Partial<Config> = {},
  target: StoreTarget = sqlite,
): () => RunningServer {
  let store: SharedStore | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    store = await sharedStore(target);
    // An SQLite store keeps a generated key beside it, as the sandbox does; PostgreSQL keeps
    // none, so its server is given the key, as in production.
    const key = store.dir === undefined ? { secretKey: testSecretKey } : {};
    server = await startSandboxServer(store, { ...key, ...overrides });
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
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
