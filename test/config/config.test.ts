import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';

/** The settings these specs are about (Config grows; each spec names what it checks). */
const coreSettings = [
  'port',
  'host',
  'publicUrl',
  'databaseUrl',
  'redisUrl',
  'sandbox',
  'logLevel',
  'hashKey',
  'accessTokenTtl',
  'refreshTokenTtl',
  'signingAlg',
  'audience',
  'trustProxy',
] as const;

function core(config: Config): Partial<Config> {
  return Object.fromEntries(coreSettings.map((name) => [name, config[name]]));
}

/** The ConfigError `env` gives, so that both its type and its exact message are checked. */
function failure(env: Record<string, string>, overrides: Partial<Config> = {}): unknown {
  try {
    loadConfig(env, overrides);
  } catch (error) {
    return error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

function expectConfigError(env: Record<string, string>, message: string): void {
  const error = failure(env);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ name: 'ConfigError', message });
}

describe('loadConfig defaults', () => {
  it('gives every setting a default when the environment is empty', () => {
    expect(core(loadConfig({}))).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8080',
      databaseUrl: 'sqlite:./data/gatehouse.db',
      redisUrl: undefined,
      sandbox: false,
      logLevel: 'info',
      hashKey: undefined,
      accessTokenTtl: 600,
      refreshTokenTtl: 30 * 86_400,
      signingAlg: 'ES256',
      audience: 'http://localhost:8080',
      trustProxy: false,
    });
  });

  it('treats empty variables as unset', () => {
    const names = ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'REDIS_URL', 'GATEHOUSE_HASH_KEY'];
    const blank = [...names, 'ACCESS_TOKEN_TTL', 'SIGNING_ALG'].map((name) => [name, '']);
    const config = loadConfig(Object.fromEntries(blank));
    expect(core(config)).toEqual(core(loadConfig({})));
  });

  it('derives the public URL from PORT when PUBLIC_URL is unset', () => {
    const config = loadConfig({ PORT: '3000' });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.audience).toBe('http://localhost:3000');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});

describe('loadConfig from the environment', () => {
  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://auth.example.com',
      DATABASE_URL: 'postgres://gatehouse@db:5432/gatehouse',
      REDIS_URL: 'redis://cache:6379',
      LOG_LEVEL: 'debug',
      GATEHOUSE_HASH_KEY: 'k'.repeat(32),
      ACCESS_TOKEN_TTL: '300',
      REFRESH_TOKEN_TTL: '86400',
      SIGNING_ALG: 'EdDSA',
      ACCESS_TOKEN_AUDIENCE: 'https://api.example.com',
      TRUST_PROXY: '1',
    });
    expect(core(config)).toEqual({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://auth.example.com',
      databaseUrl: 'postgres://gatehouse@db:5432/gatehouse',
      redisUrl: 'redis://cache:6379',
      sandbox: false,
      logLevel: 'debug',
      hashKey: 'k'.repeat(32),
      accessTokenTtl: 300,
      refreshTokenTtl: 86_400,
      signingAlg: 'EdDSA',
      audience: 'https://api.example.com',
      trustProxy: 1,
    });
  });

  it('trims trailing slashes from PUBLIC_URL, and the audience follows it', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://auth.example.com/gatehouse//' });
    expect(config.publicUrl).toBe('https://auth.example.com/gatehouse');
    expect(config.audience).toBe('https://auth.example.com/gatehouse');
  });

  it('accepts every supported signing algorithm', () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      expect(loadConfig({ SIGNING_ALG: alg }).signingAlg).toBe(alg);
    }
  });

  it('accepts sqlite and both spellings of postgres', () => {
    for (const url of ['sqlite::memory:', 'postgres://h/db', 'postgresql://h/db']) {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('trusts as many proxies as TRUST_PROXY counts, or the proxies it lists', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig({ TRUST_PROXY: ' loopback, fd00::/8 ,2001:db8::1 ' }).trustProxy).toEqual([
      'loopback',
      'fd00::/8',
      '2001:db8::1',
    ]);
  });

  it('accepts the bounds of the ranges', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ ACCESS_TOKEN_TTL: '1' }).accessTokenTtl).toBe(1);
    expect(loadConfig({ ACCESS_TOKEN_TTL: '86400' }).accessTokenTtl).toBe(86_400);
  });
});

describe('loadConfig overrides (CLI flags)', () => {
  it('win over the environment, which is then not read', () => {
    const config = loadConfig(
      { PORT: 'not-a-port', SIGNING_ALG: 'HS256', DATABASE_URL: 'mysql://x' },
      { port: 4000, signingAlg: 'RS256', databaseUrl: 'sqlite::memory:', sandbox: true },
    );
    expect(config.port).toBe(4000);
    expect(config.signingAlg).toBe('RS256');
    expect(config.databaseUrl).toBe('sqlite::memory:');
    expect(config.sandbox).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:4000');
  });

  it('trims a trailing slash from an overridden public URL too', () => {
    const config = loadConfig({}, { publicUrl: 'http://127.0.0.1:5000/' });
    expect(config.publicUrl).toBe('http://127.0.0.1:5000');
    expect(config.audience).toBe('http://127.0.0.1:5000');
  });

  it('still refuses a short hash key given as an override', () => {
    const error = failure({}, { hashKey: 'short' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ message: 'GATEHOUSE_HASH_KEY must be at least 32 characters' });
  });
});

describe('loadConfig refuses invalid values with a ConfigError', () => {
  // A variable, what is wrong with its value, the value, and the range it must be in.
  it.each([
    ['PORT', 'not a number', 'http', '0 to 65535'],
    ['PORT', 'a fraction', '80.5', '0 to 65535'],
    ['PORT', 'negative', '-1', '0 to 65535'],
    ['PORT', 'too large', '65536', '0 to 65535'],
    ['PORT', 'hexadecimal', '0x50', '0 to 65535'],
    ['PORT', 'in exponent form', '8e3', '0 to 65535'],
    ['PORT', 'padded with spaces', ' 80', '0 to 65535'],
    ['ACCESS_TOKEN_TTL', 'zero', '0', '1 to 86400'],
    ['ACCESS_TOKEN_TTL', 'over a day', '86401', '1 to 86400'],
    ['ACCESS_TOKEN_TTL', 'not a number', 'ten', '1 to 86400'],
  ])('%s %s', (name, _what, value, range) => {
    expectConfigError(
      { [name]: value },
      `${name} must be a whole number from ${range}, got "${value}"`,
    );
  });

  it('REFRESH_TOKEN_TTL under a minute', () => {
    expectConfigError(
      { REFRESH_TOKEN_TTL: '59' },
      'REFRESH_TOKEN_TTL must be a whole number from 60 to 31622400, got "59"',
    );
  });

  it.each(['HS256', 'none', 'es256'])('SIGNING_ALG %s', (value) => {
    expectConfigError(
      { SIGNING_ALG: value },
      `SIGNING_ALG must be one of RS256, ES256, EdDSA, got "${value}"`,
    );
  });

  it('GATEHOUSE_HASH_KEY shorter than 32 characters', () => {
    expectConfigError(
      { GATEHOUSE_HASH_KEY: 'k'.repeat(31) },
      'GATEHOUSE_HASH_KEY must be at least 32 characters',
    );
  });

  it('TRUST_PROXY=true, which would take the address a client writes itself', () => {
    expectConfigError(
      { TRUST_PROXY: 'true' },
      'TRUST_PROXY=true would take the left-most X-Forwarded-For entry, which the client ' +
        'writes itself; set the number of proxies in front of Gatehouse (TRUST_PROXY=1) ' +
        'or their addresses (TRUST_PROXY=10.0.0.0/8,127.0.0.1)',
    );
  });

  it.each(['yes', '11', '-1', '10.0.0.0/33', '10.0.0.300', 'fd00::/129', '10.0.0.1,,10.0.0.2'])(
    'TRUST_PROXY %s',
    (value) => {
      expectConfigError(
        { TRUST_PROXY: value },
        'TRUST_PROXY must be false, a number of proxies from 0 to 10, or a comma-separated ' +
          `list of proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1), got "${value}"`,
      );
    },
  );

  it.each(['auth.example.com', 'ftp://auth.example.com', '/relative'])('PUBLIC_URL %s', (value) => {
    expectConfigError(
      { PUBLIC_URL: value },
      `PUBLIC_URL must be an absolute http(s) URL, got "${value}"`,
    );
  });

  it('DATABASE_URL of an unsupported kind, without echoing its password', () => {
    expectConfigError(
      { DATABASE_URL: 'mysql://root:hunter2@db:3306/gatehouse' },
      'DATABASE_URL must start with sqlite: or postgres://, got "mysql://root:***@db:3306/gatehouse"',
    );
    expectConfigError(
      { DATABASE_URL: './data/gatehouse.db' },
      'DATABASE_URL must start with sqlite: or postgres://, got "./data/gatehouse.db"',
    );
  });
});

describe('loadConfig for the sandbox and for production', () => {
  it('gives the sandbox a store of its own by default', () => {
    expect(loadConfig({}, { sandbox: true }).databaseUrl).toBe('sqlite:./data/sandbox.db');
    expect(loadConfig({}, { sandbox: false }).databaseUrl).toBe('sqlite:./data/gatehouse.db');
    expect(loadConfig({ DATABASE_URL: 'sqlite:./x.db' }, { sandbox: true }).databaseUrl).toBe(
      'sqlite:./x.db',
    );
  });

  it('reads GATEHOUSE_SECRET_KEY as 64 hex characters or as base64url', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
    for (const text of [bytes.toString('hex'), bytes.toString('base64url')]) {
      expect(loadConfig({ GATEHOUSE_SECRET_KEY: text }).secretKey).toBe(text);
    }
    expect(loadConfig({}).secretKey).toBeUndefined();
    expect(loadConfig({ GATEHOUSE_SECRET_KEY: '' }).secretKey).toBeUndefined();
  });

  it.each([
    ['too short', 'ab'.repeat(31)],
    ['too long', 'ab'.repeat(33)],
    ['not hex, not base64url', 'zz'.repeat(32)],
    ['a passphrase', 'correct horse battery staple'],
    ['base64url of 31 bytes', Buffer.alloc(31, 1).toString('base64url')],
  ])('refuses a GATEHOUSE_SECRET_KEY %s, without echoing it', (_what, value) => {
    expectConfigError(
      { GATEHOUSE_SECRET_KEY: value },
      'GATEHOUSE_SECRET_KEY must be 32 bytes, as 64 hex characters or in base64url ' +
        '(generate one with: openssl rand -hex 32)',
    );
  });

  it('allows generated keys only for the exact value "true" (or the flag)', () => {
    expect(loadConfig({}).allowGeneratedKeys).toBe(false);
    expect(loadConfig({ GATEHOUSE_ALLOW_GENERATED_KEYS: 'true' }).allowGeneratedKeys).toBe(true);
    expect(loadConfig({ GATEHOUSE_ALLOW_GENERATED_KEYS: '1' }).allowGeneratedKeys).toBe(false);
    expect(loadConfig({}, { allowGeneratedKeys: true }).allowGeneratedKeys).toBe(true);
  });
});
