import { readFileSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { startServer } from '../../src/main.js';
import { sharedStore, type SharedStore } from '../helpers/shared-store.js';
import { storeTargets } from '../helpers/targets.js';

const [sqlite] = storeTargets;
if (sqlite === undefined) throw new Error('no SQLite target');
const hashKey = 'secret-key-test-hash-key-0123456789abcdef';

const refusal = (missing: string[]) =>
  `refusing to start in production without ${missing.join(' and ')}. Generate each once, ` +
  'keep it out of the database and its backups, and give every instance the same:\n' +
  missing.map((name) => `  export ${name}=$(openssl rand -hex 32)\n`).join('') +
  'GATEHOUSE_HASH_KEY keys the hashes of API keys, client secrets and refresh tokens; ' +
  'GATEHOUSE_SECRET_KEY encrypts the token-signing keys kept in the store. To start anyway ' +
  'with generated keys, pass --allow-generated-keys (or set ' +
  'GATEHOUSE_ALLOW_GENERATED_KEYS=true); to try Gatehouse, run the sandbox: npm start.';

/** Log lines, for the warnings a start writes. */
function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

const messages = (lines: string[]) =>
  lines.map((line) => JSON.parse(line) as { level: number; msg: string });

describe('a production start without keys in the environment', () => {
  let store: SharedStore;
  beforeEach(async () => {
    store = await sharedStore(sqlite);
  });
  afterEach(() => store.drop());

  const start = (overrides: Partial<Config>, env: Record<string, string> = {}) => {
    const { lines, logger } = capture();
    const config = loadConfig(env, {
      databaseUrl: store.url,
      port: 0,
      publicUrl: 'http://127.0.0.1',
      ...overrides,
    });
    return { lines, starting: startServer(config, { logger }) };
  };

  it('refuses, saying how to generate them', async () => {
    const { starting } = start({});
    await expect(starting).rejects.toBeInstanceOf(ConfigError);
    await expect(starting).rejects.toThrow(refusal(['GATEHOUSE_HASH_KEY', 'GATEHOUSE_SECRET_KEY']));
    await expect(start({ hashKey }).starting).rejects.toThrow(refusal(['GATEHOUSE_SECRET_KEY']));
    await expect(start({ secretKey: 'cd'.repeat(32) }).starting).rejects.toThrow(
      refusal(['GATEHOUSE_HASH_KEY']),
    );
  });

  it('starts when allowed, warns, and keeps the generated key beside the store (0600)', async () => {
    const { starting, lines } = start({}, { GATEHOUSE_ALLOW_GENERATED_KEYS: 'true' });
    const server = await starting;
    await server.close();
    const keyFile = `${store.url.slice(7)}.secret-key`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const warnings = messages(lines).filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual([
      'GATEHOUSE_HASH_KEY is not set: secrets are hashed with a key generated and kept in the ' +
        'store (--allow-generated-keys). Set it for production: export ' +
        'GATEHOUSE_HASH_KEY=$(openssl rand -hex 32)',
      `GATEHOUSE_SECRET_KEY is not set: signing keys are encrypted with the key generated in ` +
        `${keyFile} (--allow-generated-keys). Keep that file apart from the store's backups, ` +
        'or set it for production: export GATEHOUSE_SECRET_KEY=$(openssl rand -hex 32)',
    ]);
  });
});

describe('a sandbox start', () => {
  let store: SharedStore;
  beforeEach(async () => {
    store = await sharedStore(sqlite);
  });
  afterEach(() => store.drop());

  it('needs no key: it makes one beside its store (0600), and uses it again next time', async () => {
    const config = loadConfig(
      {},
      { sandbox: true, databaseUrl: store.url, port: 0, publicUrl: 'http://127.0.0.1' },
    );
    const { lines, logger } = capture();
    const first = await startServer(config, { logger });
    const kid = first.services.keys.active().kid;
    await first.close();
    const keyFile = `${store.url.slice(7)}.secret-key`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');

    const second = await startServer(config, { logger: createLogger('silent') });
    expect(second.services.keys.active().kid).toBe(kid);
    await second.close();
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(messages(lines).filter((line) => line.level >= 40)).toEqual([]);
    expect(messages(lines).map((line) => line.msg)).toContain(
      'open http://127.0.0.1/sandbox for the demo credentials',
    );
  });
});

describe('a start on PostgreSQL', () => {
  it('needs GATEHOUSE_SECRET_KEY, and says so before it connects', async () => {
    // Nothing listens on port 1: the refusal comes before any connection is tried.
    const config = loadConfig(
      {},
      {
        sandbox: true,
        databaseUrl: 'postgres://gatehouse@127.0.0.1:1/gatehouse',
        port: 0,
        publicUrl: 'http://127.0.0.1',
      },
    );
    await expect(startServer(config, { logger: createLogger('silent') })).rejects.toThrow(
      'GATEHOUSE_SECRET_KEY is not set. A PostgreSQL store needs it (every instance that ' +
        'shares the store uses the same): export GATEHOUSE_SECRET_KEY=$(openssl rand -hex 32)',
    );
  });
});
