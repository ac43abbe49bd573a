import { isIP } from 'node:net';

/**
 * Environment (and CLI flags) -> one validated, frozen Config. Nothing else reads
 * process.env: every service receives the Config, or the part of it it needs.
 */
/**
 * The contract surfaces (docs/architecture.md); all are mounted in sandbox mode unless
 * SURFACES says.
 */
export const surfaceNames = ['partly', 'partium', 'patchworks', 'partner'] as const;
export type SurfaceName = (typeof surfaceNames)[number];

export const signingAlgorithms = ['RS256', 'ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

/** The longest an access token may live (server default or a client's own). */
export const maxAccessTokenTtl = 86_400;

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Issuer and base of every absolute URL; no trailing slash. */
  readonly publicUrl: string;
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://...`. */
  readonly databaseUrl: string;
  readonly redisUrl: string | undefined;
  readonly sandbox: boolean;
  readonly logLevel: string;
  /** Key of the keyed hash for secrets; when unset, one is generated and kept in the store. */
  readonly hashKey: string | undefined;
  /**
   * Key that encrypts the signing keys in the store (AES-256-GCM): 32 bytes, as 64 hex
   * characters or in base64url. Production needs it; the sandbox keeps one beside its store.
   */
  readonly secretKey: string | undefined;
  /** Production may start without the two keys above, generating them (and warning). */
  readonly allowGeneratedKeys: boolean;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly signingAlg: SigningAlgorithm;
  /** `aud` of access tokens (RFC 9068 §2.2). */
  readonly audience: string;
  /**
   * Which X-Forwarded-For entries to believe: none (false), those added by this many proxies
   * in front of Gatehouse, or those added by proxies at these addresses or CIDR ranges.
   */
  readonly trustProxy: false | number | readonly string[];
  /** Requests one org may make on the contract surfaces per `usageWindow` seconds. */
  readonly usageLimit: number;
  readonly usageWindow: number;
  /** The contract surfaces to mount: `SURFACES`, else all in sandbox mode and none otherwise. */
  readonly surfaces: readonly SurfaceName[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env, overrides: Partial<Config> = {}): Readonly<Config> {
  const port = overrides.port ?? integer(env, 'PORT', 8080, 0, 65535);
  const publicUrl = trimSlash(
    overrides.publicUrl ?? url(env, 'PUBLIC_URL') ?? `http://localhost:${port}`,
  );
  const signingAlg = overrides.signingAlg ?? oneOf(env, 'SIGNING_ALG', signingAlgorithms, 'ES256');
  const sandbox = overrides.sandbox ?? false;
  const config: Config = {
    port,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    publicUrl,
    databaseUrl: overrides.databaseUrl ?? databaseUrl(env.DATABASE_URL, sandbox),
    redisUrl: overrides.redisUrl ?? (env.REDIS_URL || undefined),
    sandbox: overrides.sandbox ?? false,
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    hashKey: overrides.hashKey ?? (env.GATEHOUSE_HASH_KEY || undefined),
    secretKey: overrides.secretKey ?? (env.GATEHOUSE_SECRET_KEY || undefined),
    allowGeneratedKeys:
      overrides.allowGeneratedKeys ?? env.GATEHOUSE_ALLOW_GENERATED_KEYS === 'true',
    accessTokenTtl:
      overrides.accessTokenTtl ?? integer(env, 'ACCESS_TOKEN_TTL', 600, 1, maxAccessTokenTtl),
    refreshTokenTtl:
      overrides.refreshTokenTtl ?? integer(env, 'REFRESH_TOKEN_TTL', 30 * 86_400, 60, 366 * 86_400),
    signingAlg,
    audience: overrides.audience ?? env.ACCESS_TOKEN_AUDIENCE ?? publicUrl,
    trustProxy: overrides.trustProxy ?? trustProxy(env.TRUST_PROXY),
    usageLimit: overrides.usageLimit ?? integer(env, 'USAGE_LIMIT', 1000, 1, 1_000_000_000),
    usageWindow: overrides.usageWindow ?? integer(env, 'USAGE_WINDOW', 60, 1, 86_400),
    surfaces: overrides.surfaces ?? surfaces(env.SURFACES, overrides.sandbox ?? false),
  };
  if (config.hashKey !== undefined && config.hashKey.length < 32) {
    throw new ConfigError('GATEHOUSE_HASH_KEY must be at least 32 characters');
  }
  if (config.secretKey !== undefined) decodeSecretKey(config.secretKey);
  return Object.freeze(config);
}

/** GATEHOUSE_SECRET_KEY as its 32 bytes: 64 hex characters, or base64url (or base64). */
export function decodeSecretKey(text: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9_+/-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64')
      : undefined;
  if (bytes?.length !== 32) {
    // Never echo the value: it is a secret, and a wrong one may be a near miss.
    throw new ConfigError(
      'GATEHOUSE_SECRET_KEY must be 32 bytes, as 64 hex characters or in base64url ' +
        '(generate one with: openssl rand -hex 32)',
    );
  }
  return bytes;
}

function surfaces(raw: string | undefined, sandbox: boolean): SurfaceName[] {
  if (raw === undefined || raw.trim() === '') return sandbox ? [...surfaceNames] : [];
  if (raw.trim() === 'none') return [];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(surfaceNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `SURFACES must be "none" or a comma-separated list of ${surfaceNames.join(', ')}; ` +
        `unknown: ${unknown.join(', ')}`,
    );
  }
  return surfaceNames.filter((name) => names.includes(name));
}

/** The most proxies a request may pass on its way to Gatehouse. */
const maxProxyHops = 10;
const proxyRangeNames = ['loopback', 'linklocal', 'uniquelocal'];

// The client writes the left-most X-Forwarded-For entry itself; only what the operator's
// proxies appended can be believed, so the operator says how many there are, or where.
function trustProxy(raw: string | undefined): false | number | readonly string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'false') return false;
  if (raw.trim() === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would take the left-most X-Forwarded-For entry, which the client ' +
        'writes itself; set the number of proxies in front of Gatehouse (TRUST_PROXY=1) ' +
        'or their addresses (TRUST_PROXY=10.0.0.0/8,127.0.0.1)',
    );
  }
  const hops = /^\d{1,2}$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
  if (hops !== undefined && hops <= maxProxyHops) return hops === 0 ? false : hops;
  const entries = raw.split(',').map((entry) => entry.trim());
  if (hops === undefined && entries.every(isProxyRange)) return Object.freeze(entries);
  throw new ConfigError(
    `TRUST_PROXY must be false, a number of proxies from 0 to ${maxProxyHops}, or a ` +
      'comma-separated list of proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1), ' +
      `got "${raw}"`,
  );
}

function isProxyRange(entry: string): boolean {
  if (proxyRangeNames.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Plain decimal digits only: Number() would also take "0x50", " 80" and "1e3".
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((value) => value === raw);
  if (found === undefined) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return found;
}

// The sandbox and production never share a store, not even by default.
function databaseUrl(raw: string | undefined, sandbox: boolean): string {
  if (raw === undefined || raw === '') {
    return sandbox ? 'sqlite:./data/sandbox.db' : 'sqlite:./data/gatehouse.db';
  }
  if (raw.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(raw)) return raw;
  throw new ConfigError(
    `DATABASE_URL must start with sqlite: or postgres://, got "${raw.replace(/:[^:@/]*@/, ':***@')}"`,
  );
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
