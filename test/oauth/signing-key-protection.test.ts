import { createDecipheriv } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { partner, testSecretKey, useTestApp, type TestApp } from '../helpers/app.js';
import { basicClientToken, introspection } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { insertClearSigningKey } from '../helpers/records.js';

/** What a private key looks like in the store: AES-256-GCM, key id, 96-bit IV, 128-bit tag. */
const sealed = /^a256gcm\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/;
const otherSecretKey = 'ab'.repeat(32);

/** Decrypts a stored private key as any AES-256-GCM implementation would, the kid as AAD. */
function decrypt(stored: string, kid: string): JWK {
  const [, , iv = '', tag = '', data = ''] = stored.split('.');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(testSecretKey, 'hex'),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const clear = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  return JSON.parse(clear.toString('utf8')) as JWK;
}

function issue({ app }: Pick<TestApp, 'app'>): Promise<string> {
  return basicClientToken(app, partner);
}

function introspect({ app }: Pick<TestApp, 'app'>, token: string): Promise<unknown> {
  return introspection(app, token, partner);
}

// Anyone who reads the store (a backup, a replica, a leaked dump) must not be able to sign.
describe.each(storeTargets)('signing keys at rest ($name)', (target) => {
  const ctx = useTestApp(target);

  const rows = ({ services }: TestApp) =>
    services.db
      .selectFrom('signing_keys')
      .select(['kid', 'private_jwk', 'public_jwk'])
      .orderBy('created_at')
      .execute();

  it('keeps every private key encrypted, the active one and rotated ones alike', async () => {
    const a = ctx();
    a.clock.advance(1);
    await a.services.keys.rotate();

    const stored = await rows(a);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const row of stored) {
      expect(row.private_jwk).toMatch(sealed);
      expect(row.private_jwk).not.toContain('"d"');
      // AES-256-GCM under GATEHOUSE_SECRET_KEY, bound to its kid: the key pair of the row.
      const { d, x, y } = decrypt(row.private_jwk, row.kid);
      expect(d).toEqual(expect.any(String));
      expect(row.private_jwk).not.toContain(d);
      expect(JSON.parse(row.public_jwk)).toMatchObject({ x, y, kid: row.kid });
      expect(() => decrypt(row.private_jwk, `${row.kid}x`)).toThrow();
    }
    // The rotated keys sign and verify as before.
    expect(await introspect(a, await issue(a))).toMatchObject({ active: true });
  });

  it('encrypts the plaintext keys of an older store when it starts, once', async () => {
    const a = ctx();
    // A key as stores written before encryption hold it: the private JWK in clear, active.
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk: JWK = await exportJWK(pair.privateKey);
    a.clock.advance(1);
    await a.services.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('signing_keys')
        .set({ retired_at: a.clock.now() })
        .where('retired_at', 'is', null)
        .execute();
      await insertClearSigningKey(trx, { kid, publicJwk, privateJwk, createdAt: a.clock.now() });
    });

    const started = await createServices({
      config: a.services.config,
      db: a.services.db,
      clock: a.clock,
    });
    expect(started.keys.active().kid).toBe(kid);
    const after = await rows(a);
    for (const row of after) {
      expect(row.private_jwk).toMatch(sealed);
      expect(row.private_jwk).not.toContain(privateJwk.d);
    }

    // Tokens signed with the migrated key verify everywhere.
    a.clock.advance(5);
    const token = await issue(a);
    expect(decodeProtectedHeader(token).kid).toBe(kid);
    expect(await introspect(a, token)).toMatchObject({ active: true });

    // Starting again changes nothing: each key was encrypted once.
    await createServices({ config: a.services.config, db: a.services.db, clock: a.clock });
    expect(await rows(a)).toEqual(after);
  });

  it('refuses to start on keys encrypted under another GATEHOUSE_SECRET_KEY', async () => {
    const a = ctx();
    const before = await rows(a);
    const starting = createServices({
      config: { ...a.services.config, secretKey: otherSecretKey },
      db: a.services.db,
      clock: a.clock,
    });
    await expect(starting).rejects.toBeInstanceOf(ConfigError);
    await expect(starting).rejects.toThrow(
      'the signing keys in this store were encrypted under another GATEHOUSE_SECRET_KEY: ' +
        'start with the key this store was set up with',
    );
    expect(await rows(a)).toEqual(before);
  });
});
