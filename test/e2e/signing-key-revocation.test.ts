import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { createServices } from '../../src/services.js';
import { backend, basic, testSecretKey } from '../helpers/app.js';
import { freePort } from '../helpers/server.js';
import { sharedStore, type SharedStore } from '../helpers/shared-store.js';
import { storeTargets } from '../helpers/targets.js';

const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };

// Two running servers over one store, as behind a load balancer; the key is revoked from
// outside both (as `gatehouse signing-keys revoke` does), so they learn of it from the store
// poll, or through Redis when TEST_REDIS_URL is set.
describe.each(storeTargets)('a signing key revoked under two running servers ($name)', (target) => {
  let store: SharedStore;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    store = await sharedStore(target);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const config = loadConfig(
        {},
        {
          sandbox: true,
          databaseUrl: store.url,
          port,
          host: '127.0.0.1',
          publicUrl: 'http://127.0.0.1:8080',
          secretKey: testSecretKey,
          redisUrl: process.env.TEST_REDIS_URL,
        },
      );
      const server = await startServer(config, {
        logger: createLogger('silent'),
        db: store.connect(),
      });
      servers.push(server);
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await store?.drop();
  });

  const address = (i: number) => {
    const server = servers[i];
    if (server === undefined) throw new Error(`server ${i} is not running`);
    const { port } = server.app.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  };

  async function signIn(i: number): Promise<string> {
    const res = await fetch(`${address(i)}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(backend.id, backend.secret) },
      body: new URLSearchParams({
        grant_type: 'password',
        username: dev.email,
        password: dev.password,
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }
  const listOrgs = (i: number, token: string) =>
    fetch(`${address(i)}/v1/orgs`, { headers: { authorization: `Bearer ${token}` } });

  it('is refused by the other server within the sync interval', async () => {
    const token = await signIn(0);
    const kid = decodeProtectedHeader(token).kid ?? '';
    expect((await listOrgs(1, token)).status).toBe(200);

    const db = store.connect();
    try {
      const operator = await createServices({
        config: servers[0]?.services.config ?? loadConfig({}),
        db,
        clock: systemClock,
      });
      await operator.keys.revoke(kid);
    } finally {
      await db.destroy();
    }

    // Each server refuses it within about a second (its next deny-list sync).
    const revokedAt = Date.now();
    for (const i of [1, 0]) {
      let res = await listOrgs(i, token);
      while (res.status === 200 && Date.now() - revokedAt < 3000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        res = await listOrgs(i, token);
      }
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        type: 'unauthorized',
        message: 'the access token is invalid, expired or revoked',
      });
      // A sync a second, plus the time the requests take on a busy machine.
      expect(Date.now() - revokedAt).toBeLessThan(2000);
    }

    // Both servers stop publishing it and sign with the new key.
    for (const i of [0, 1]) {
      const jwks = (await (await fetch(`${address(i)}/.well-known/jwks.json`)).json()) as {
        keys: Array<{ kid: string }>;
      };
      expect(jwks.keys.map((key) => key.kid)).not.toContain(kid);
      const fresh = await signIn(i);
      expect(decodeProtectedHeader(fresh).kid).not.toBe(kid);
      expect((await listOrgs(1 - i, fresh)).status).toBe(200);
    }
  });
});
