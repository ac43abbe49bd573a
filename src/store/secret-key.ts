import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, decodeSecretKey, type Config } from '../config.js';

/**
 * GATEHOUSE_SECRET_KEY, which encrypts the signing keys in the store, comes from the
 * environment. Without it, an SQLite store may keep a generated key in a file of its own
 * beside the database (mode 0600): the sandbox does, for zero setup, and production does
 * when told to (--allow-generated-keys). A PostgreSQL store, shared by instances, needs the
 * variable; an in-memory store lives no longer than the process, and so does its key.
 */
export interface SecretKey {
  key: string;
  /** The file the key was read from or generated into, when it came from one. */
  file?: string;
}

const generate = 'export GATEHOUSE_SECRET_KEY=$(openssl rand -hex 32)';

/** The key file of an SQLite store: the database file's name with `.secret-key` added. */
export function secretKeyFile(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined;
  const path = databaseUrl.slice('sqlite:'.length);
  return path === ':memory:' ? undefined : `${path}.secret-key`;
}

/** Refuses, before the store is opened, a configuration no key can be found for. */
export function requireSecretKeySource(config: Pick<Config, 'secretKey' | 'databaseUrl'>): void {
  if (config.secretKey !== undefined || config.databaseUrl.startsWith('sqlite:')) return;
  throw new ConfigError(
    'GATEHOUSE_SECRET_KEY is not set. A PostgreSQL store needs it (every instance that ' +
      `shares the store uses the same): ${generate}`,
  );
}

/** The key to seal signing keys with; `generate` lets a missing key file be made. */
export function resolveSecretKey(
  config: Pick<Config, 'secretKey' | 'databaseUrl'>,
  { generate: mayGenerate }: { generate: boolean },
): SecretKey {
  if (config.secretKey !== undefined) return { key: config.secretKey };
  requireSecretKeySource(config);
  const file = secretKeyFile(config.databaseUrl);
  if (file === undefined) return { key: randomBytes(32).toString('hex') };
  const existing = readKeyFile(file);
  if (existing !== undefined) return { key: existing, file };
  if (!mayGenerate) {
    throw new ConfigError(
      `GATEHOUSE_SECRET_KEY is not set, and there is no ${file} beside the store. Set it as ` +
        `the server has it, or for a new store generate one: ${generate}`,
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // Created, never overwritten: `wx` fails when another process made it first.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const made = readKeyFile(file);
  if (made === undefined) throw new ConfigError(`${file} could not be read`);
  return { key: made, file };
}

function readKeyFile(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    decodeSecretKey(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${file}: ${error.message}`);
    throw error;
  }
  return text;
}
