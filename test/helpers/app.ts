import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { createLogger } from '../../src/http/logger.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { seedSandboxIfEmpty } from '../../src/sandbox/seed.js';
import { createServices, type Services } from '../../src/services.js';
import type { Db } from '../../src/store/database.js';
import type { StoreTarget } from './targets.js';

export const testIssuer = 'http://gatehouse.test';
/** GATEHOUSE_SECRET_KEY of the test servers: 32 bytes, as 64 hex characters. */
export const testSecretKey = '5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0ffee5ec7';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: ReturnType<typeof createFixedClock>;
  /** Every log line the server wrote, for checks that secrets never appear. */
  logs: string[];
}

/**
 * A whole server on a fresh store of `target`, with the sandbox fixtures seeded and a clock
 * that only moves when the test moves it. Requests go through `app.inject`.
 */
export function useTestApp(target: StoreTarget, overrides: Partial<Config> = {}): () => TestApp {
  let current: TestApp | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await target.open();
    drop = opened.drop;
    const clock = createFixedClock(Math.floor(Date.now() / 1000));
    const config = loadConfig(
      {},
      {
        publicUrl: testIssuer,
        databaseUrl: opened.url,
        hashKey: 'test-hash-key-0123456789abcdefghijklmnop',
        secretKey: testSecretKey,
        logLevel: 'info',
        sandbox: true,
        ...overrides,
      },
    );
    const services = await createServices({ config, db: opened.db, clock });
    await seedSandboxIfEmpty(services);
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    const app = await buildServer(services, createLogger('info', sink));
    current = { app, services, clock, logs };
  });
  afterAll(async () => {
    await current?.app.close();
    await drop?.();
  });
  return () => {
    if (current === undefined) throw new Error('the test app is not ready yet');
    return current;
  };
}

/** `application/x-www-form-urlencoded` body and header for app.inject. */
export function form(fields: Record<string, string>) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export const partner = { id: 'partner_demo_client', secret: 'partner_demo_secret_4b7e9a2c' };
export const backend = {
  id: 'gatehouse_demo_backend',
  secret: 'gatehouse_demo_backend_secret_1f7d',
};

/** One instance of the server: what a test sends requests to, and its services. */
export interface Instance {
  app: FastifyInstance;
  services: Services;
}

/**
 * Another instance of the server beside `ctx`'s, for the tests of one describe block: its own
 * services and memory (caches, loaded keys), the same store and config. `connect` gives it
 * its way to the store (e.g. one that logs each statement).
 */
export function useSecondInstance(
  ctx: () => TestApp,
  connect: (db: Db) => Db = (db) => db,
): () => Instance {
  let b: Instance | undefined;
  beforeAll(async () => {
    const { services, clock } = ctx();
    const other = await createServices({
      config: services.config,
      db: connect(services.db),
      clock,
    });
    b = { app: await buildServer(other, createLogger('silent')), services: other };
  });
  afterAll(async () => {
    await b?.app.close();
  });
  return () => {
    if (b === undefined) throw new Error('instance B is not ready yet');
    return b;
  };
}
