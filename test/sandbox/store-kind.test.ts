import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { startServer } from '../../src/main.js';
import { resetSandbox } from '../../src/sandbox/seed.js';
import { createServices } from '../../src/services.js';
import type { Db } from '../../src/store/database.js';
import { testSecretKey } from '../helpers/app.js';
import { sharedStore, type SharedStore } from '../helpers/shared-store.js';
import { storeTargets } from '../helpers/targets.js';

const hashKey = 'store-kind-test-hash-key-0123456789abcdef';

/** The store as the messages name it: the SQLite file, or the URL (no password here). */
const describeStore = (url: string) => (url.startsWith('sqlite:') ? url.slice(7) : url);

const productionOnSandbox = (where: string) =>
  `refusing to serve production from ${where}: it is a sandbox store, and its demo ` +
  'credentials are published. Give production a store of its own (DATABASE_URL; unset, ' +
  'production uses ./data/gatehouse.db) and run the sandbox with gatehouse serve --sandbox ' +
  '(npm start).';
const productionOnFixtures = (where: string) =>
  `refusing to serve production from ${where}: it holds the sandbox's demo fixtures (such ` +
  'as the client partner_demo_client), whose credentials are published. If it was only ever ' +
  'a sandbox, move it aside and start production on a fresh store (the sandbox now keeps its ' +
  'own, ./data/sandbox.db); if it also holds production data, delete the demo ' +
  'organizations, users, clients and API keys from it first.';
const sandboxOn = (where: string, why: string) =>
  `refusing to use ${where} as a sandbox: ${why}, and the sandbox would put published demo ` +
  'credentials into it. Give the sandbox a store of its own (DATABASE_URL; unset, the ' +
  'sandbox uses ./data/sandbox.db).';

// A store knows whether it is a sandbox: production never serves the published demo
// credentials, and the sandbox never seeds them into a production store.
describe.each(storeTargets)('sandbox and production stores ($name)', (target) => {
  let store: SharedStore;
  beforeEach(async () => {
    store = await sharedStore(target);
  });
  afterEach(() => store.drop());

  const configFor = (sandbox: boolean) =>
    loadConfig(
      {},
      {
        sandbox,
        databaseUrl: store.url,
        port: 0,
        publicUrl: 'http://127.0.0.1',
        hashKey,
        secretKey: testSecretKey,
      },
    );
  const start = (sandbox: boolean) =>
    startServer(configFor(sandbox), { logger: createLogger('silent'), db: store.connect() });
  async function withDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
    const db = store.connect();
    try {
      return await run(db);
    } finally {
      await db.destroy();
    }
  }
  const kind = () =>
    withDb(
      async (db) =>
        (
          await db
            .selectFrom('settings')
            .select('value')
            .where('name', '=', 'store_kind')
            .executeTakeFirst()
        )?.value,
    );
  const orgIds = () =>
    withDb(async (db) => (await db.selectFrom('orgs').select('id').execute()).map((o) => o.id));

  it('refuses to serve production from a store the sandbox used', async () => {
    await (await start(true)).close();
    expect(await kind()).toBe('sandbox');
    const starting = start(false);
    await expect(starting).rejects.toBeInstanceOf(ConfigError);
    await expect(starting).rejects.toThrow(productionOnSandbox(describeStore(store.url)));
  });

  it('refuses to serve production from an older store that holds the demo fixtures', async () => {
    await (await start(true)).close();
    // A store from before stores were marked: the fixtures, and no mark.
    await withDb((db) => db.deleteFrom('settings').where('name', '=', 'store_kind').execute());
    await expect(start(false)).rejects.toThrow(productionOnFixtures(describeStore(store.url)));
    expect(await kind()).toBeUndefined();
  });

  it('marks a store production on its first start, and the sandbox then refuses it', async () => {
    const server = await start(false);
    await server.services.orgs.create({ name: 'Acme' });
    await server.close();
    expect(await kind()).toBe('production');
    await (await start(false)).close();

    await expect(start(true)).rejects.toThrow(
      sandboxOn(describeStore(store.url), 'it is a production store'),
    );
    expect(await orgIds()).toHaveLength(1);
  });

  it('refuses a sandbox reset on a production store, marked or not', async () => {
    await withDb(async (db) => {
      const config = configFor(false);
      const services = await createServices({ config, db, clock: createFixedClock() });
      await services.orgs.create({ name: 'Acme' });
      // Unmarked, with data of its own: a production store from before stores were marked.
      await expect(resetSandbox(services)).rejects.toThrow(
        sandboxOn(describeStore(store.url), "it holds data that is not the sandbox's"),
      );
    });
    await (await start(false)).close();
    await withDb(async (db) => {
      const services = await createServices({
        config: configFor(false),
        db,
        clock: createFixedClock(),
      });
      await expect(resetSandbox(services)).rejects.toThrow(
        sandboxOn(describeStore(store.url), 'it is a production store'),
      );
    });
    expect(await orgIds()).toHaveLength(1);
  });

  it('marks an empty store a sandbox when the sandbox resets it', async () => {
    await withDb(async (db) => {
      const services = await createServices({
        config: configFor(false),
        db,
        clock: createFixedClock(),
      });
      await resetSandbox(services);
      await resetSandbox(services);
    });
    expect(await kind()).toBe('sandbox');
    expect(await orgIds()).toHaveLength(9);
    await expect(start(false)).rejects.toThrow(productionOnSandbox(describeStore(store.url)));
  });
});
