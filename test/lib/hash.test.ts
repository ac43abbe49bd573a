import { describe, expect, it } from 'vitest';
import { createSecretHasher } from '../../src/lib/hash.js';

describe('the secret hasher', () => {
  const hasher = createSecretHasher('test-hash-key-0123456789abcdefghijklmnop');

  it('is HMAC-SHA-256 under the key’s UTF-8 bytes, in base64url: stored hashes keep matching', () => {
    // printf %s "$secret" | openssl dgst -sha256 -hmac "$key" -binary | base64 (url alphabet)
    expect(hasher.hash('partly_demo_repairer_3f8a1c0d9e2b4a67b1c2')).toBe(
      'HF74iJKbbFDGLLp_YWZGh0FW1vWVWX0qRIbZ8wPifJw',
    );
    const keyBeyondAscii = createSecretHasher('clé-de-hachage-ünïcode-0123456789abcdef');
    expect(keyBeyondAscii.hash('s3cret')).toBe('PgIZenCll7aeGtKE5GPKnoQwfafO_JOVvU8EVNbYtLc');
  });

  it('matches a secret against its stored hash, and nothing else', () => {
    const stored = hasher.hash('gh_secret_1');
    expect(hasher.matches('gh_secret_1', stored)).toBe(true);
    expect(hasher.matches('gh_secret_2', stored)).toBe(false);
    expect(hasher.matches('gh_secret_1', stored.slice(1))).toBe(false);
    expect(hasher.matches('gh_secret_1', '')).toBe(false);
  });
});
