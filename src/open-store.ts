import { ConfigError, type Config } from './config.js';
import { claimStore, describeStore, type StoreKind } from './sandbox/store-kind.js';
import { createDatabase, type Db } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { requireSecretKeySource, resolveSecretKey } from './store/secret-key.js';

export interface OpenedStore {
  db: Db;
  /** The configuration, with the secret key it resolved (environment or key file). */
  config: Readonly<Config>;
  /** What the operator must hear about generated keys (production with the flag). */
  warnings: string[];
}

/**
 * Opens and migrates the store for a server or a command, after the checks that keep the
 * sandbox out of production: a production server needs its keys from the environment (or
 * the explicit flag), and a store used as `claim` must be of that kind (sandbox/store-kind).
 * Every refusal is a ConfigError that says what to do, given before anything is written.
 */
export async function openStore(
  config: Readonly<Config>,
  options: {
    db?: Db;
    claim?: StoreKind;
    generateSecretKey: boolean;
    /** Told when PostgreSQL ends a connection of the store this opens. */
    onConnectionError?: (error: Error) => void;
  },
): Promise<OpenedStore> {
  const production = options.claim === 'production';
  if (production) requireEnvironmentKeys(config);
  requireSecretKeySource(config);
  const db =
    options.db ??
    createDatabase(
      config.databaseUrl,
      options.onConnectionError ? { onConnectionError: options.onConnectionError } : {},
    );
  try {
    await migrateToLatest(db);
    if (options.claim !== undefined) {
      await claimStore(db, options.claim, describeStore(config.databaseUrl));
    }
    const secret = resolveSecretKey(config, { generate: options.generateSecretKey });
    const warnings: string[] = [];
    if (production && config.hashKey === undefined) {
      warnings.push(
        'GATEHOUSE_HASH_KEY is not set: secrets are hashed with a key generated and kept in ' +
          'the store (--allow-generated-keys). Set it for production: export ' +
          'GATEHOUSE_HASH_KEY=$(openssl rand -hex 32)',
      );
    }
    if (production && secret.file !== undefined) {
      warnings.push(
        `GATEHOUSE_SECRET_KEY is not set: signing keys are encrypted with the key generated ` +
          `in ${secret.file} (--allow-generated-keys). Keep that file apart from the store's ` +
          'backups, or set it for production: export GATEHOUSE_SECRET_KEY=$(openssl rand -hex 32)',
      );
    }
    return { db, config: Object.freeze({ ...config, secretKey: secret.key }), warnings };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Production keeps both keys outside the store, unless the operator allows otherwise. */
function requireEnvironmentKeys(config: Readonly<Config>): void {
  const missing = [
    ...(config.hashKey === undefined ? ['GATEHOUSE_HASH_KEY'] : []),
    ...(config.secretKey === undefined ? ['GATEHOUSE_SECRET_KEY'] : []),
  ];
  if (missing.length === 0 || config.allowGeneratedKeys) return;
  throw new ConfigError(
    `refusing to start in production without ${missing.join(' and ')}. Generate each once, ` +
      'keep it out of the database and its backups, and give every instance the same:\n' +
      missing.map((name) => `  export ${name}=$(openssl rand -hex 32)\n`).join('') +
      'GATEHOUSE_HASH_KEY keys the hashes of API keys, client secrets and refresh tokens; ' +
      'GATEHOUSE_SECRET_KEY encrypts the token-signing keys kept in the store. To start ' +
      'anyway with generated keys, pass --allow-generated-keys (or set ' +
      'GATEHOUSE_ALLOW_GENERATED_KEYS=true); to try Gatehouse, run the sandbox: npm start.',
  );
}
