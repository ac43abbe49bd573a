import { createSecretHasher } from '../src/lib/hash.js';
import { hashPassword, verifyPassword } from '../src/users/passwords.js';
import { micros, perOperation, ratio } from './measure.js';

/**
 * Why client secrets and API keys use a keyed SHA-256 and passwords argon2id: the cost of
 * one check of each, in one run, as a ratio against the keyed hash.
 */
const hasher = createSecretHasher('bench-key-0123456789abcdefghijklmnopqrstuv');
const secret = 'gatehouse_demo_backend_secret_1f7d';
const stored = hasher.hash(secret);
const passwordHash = await hashPassword('demo-dev-pass');

const keyed = await perOperation(() => hasher.matches(secret, stored), 20_000);
const argon = await perOperation(() => verifyPassword(passwordHash, 'demo-dev-pass'), 30);

console.log(
  [
    '| check | per check | ratio |',
    '|---|---|---|',
    `| keyed SHA-256 (client secret, API key, refresh token) | ${micros(keyed)} | 1.00× |`,
    `| argon2id m=19 MiB t=2 (password) | ${micros(argon)} | ${ratio(argon, keyed)} |`,
  ].join('\n'),
);
