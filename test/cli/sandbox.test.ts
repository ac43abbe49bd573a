import { describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { startServer } from '../../src/main.js';
import { gatehouse, pick, useCliStore } from './support.js';

const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';

describe('gatehouse sandbox reset', () => {
  useCliStore();

  it('seeds the fixtures into an empty store', async () => {
    expect(await gatehouse('sandbox', 'reset')).toEqual(['sandbox fixtures restored']);
    const seeded = await withServices(async ({ orgs, apiKeys, users }) => ({
      orgs: (await orgs.list()).length,
      key: await apiKeys.verify(partiumKey),
      dev: await users.checkPassword('dev@partium.example', 'demo-dev-pass'),
    }));
    expect(seeded).toMatchObject({
      orgs: 9,
      key: { id: 'key_partium_demo', orgId: 'org_demo_parts', role: 'member' },
      dev: { id: 'usr_partium_dev' },
    });
  });

  it('brings back a fixture key revoked from the command line', async () => {
    await gatehouse('sandbox', 'reset');
    await gatehouse('keys', 'revoke', '--org', 'org_demo_parts', '--id', 'key_partium_demo');
    expect(await withServices(({ apiKeys }) => apiKeys.verify(partiumKey))).toBeUndefined();

    expect(await gatehouse('sandbox', 'reset')).toEqual(['sandbox fixtures restored']);

    expect(await withServices(({ apiKeys }) => apiKeys.verify(partiumKey))).toMatchObject({
      id: 'key_partium_demo',
      revokedAt: null,
    });
    expect(await gatehouse('keys', 'list', '--org', 'org_demo_parts')).toEqual([
      'key_partium_demo\tpartium_demo…\tDemo Parts Co key\tmember\tactive',
    ]);
  });
});

/** The SQLite file the CLI of this test file works on. */
const storeFile = () => (process.env.DATABASE_URL ?? '').replace(/^sqlite:/, '');

/** Runs `run` with GATEHOUSE_SECRET_KEY unset, as a sandbox user's shell has it. */
async function withoutSecretKey<T>(run: () => Promise<T>): Promise<T> {
  const saved = process.env.GATEHOUSE_SECRET_KEY;
  delete process.env.GATEHOUSE_SECRET_KEY;
  try {
    return await run();
  } finally {
    process.env.GATEHOUSE_SECRET_KEY = saved;
  }
}

describe('gatehouse sandbox reset on a store with data of its own', () => {
  useCliStore();

  it('refuses, and seeds nothing', async () => {
    await gatehouse('orgs', 'create', '--name', 'Acme');
    await expect(gatehouse('sandbox', 'reset')).rejects.toThrow(
      `refusing to use ${storeFile()} as a sandbox: it holds data that is not the sandbox's, ` +
        'and the sandbox would put published demo credentials into it. Give the sandbox a ' +
        'store of its own (DATABASE_URL; unset, the sandbox uses ./data/sandbox.db).',
    );
    expect(await gatehouse('orgs', 'list')).toEqual([expect.stringMatching(/\tAcme\t$/)]);
  });

  it('is refused by every command without GATEHOUSE_SECRET_KEY, saying how to set one', async () => {
    await expect(withoutSecretKey(() => gatehouse('orgs', 'list'))).rejects.toThrow(
      `GATEHOUSE_SECRET_KEY is not set, and there is no ${storeFile()}.secret-key beside the ` +
        'store. Set it as the server has it, or for a new store generate one: ' +
        'export GATEHOUSE_SECRET_KEY=$(openssl rand -hex 32)',
    );
  });
});

describe('the command line on the store of a sandbox', () => {
  useCliStore();

  it('works without GATEHOUSE_SECRET_KEY, with the key the sandbox keeps beside it', async () => {
    const config = loadConfig(
      {},
      {
        sandbox: true,
        databaseUrl: process.env.DATABASE_URL ?? '',
        port: 0,
        publicUrl: 'http://127.0.0.1',
      },
    );
    await (await startServer(config, { logger: createLogger('silent') })).close();

    await withoutSecretKey(async () => {
      expect(await gatehouse('orgs', 'list')).toHaveLength(9);
      const created = await gatehouse('keys', 'create', '--org', 'org_demo_parts', '--name', 'ci');
      expect(pick(created, /^key: (gh_\S+)/)).toMatch(/^gh_/);
      pick(await gatehouse('signing-keys', 'rotate'), /^active signing key: (\S+)$/);
      expect(await gatehouse('sandbox', 'reset')).toEqual(['sandbox fixtures restored']);
    });
  });
});
