import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { createServices } from '../../src/services.js';
import { createDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { testIssuer, testSecretKey } from '../helpers/app.js';
import { insertClearSigningKey } from '../helpers/records.js';

// A store from before signing keys were encrypted holds a private key in clear. Encrypting
// the row in place is not enough: the old row stays in the file's free pages and in the WAL
// until they are rewritten, and a copy of the file would still sign tokens.
describe('encrypting the clear signing keys of an older SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-scrub-'));
  const file = join(dir, 'old.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves no copy of the clear private key anywhere in the files', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(pair.privateKey);
    const secretPart = privateJwk.d ?? '';
    expect(secretPart.length).toBeGreaterThan(40);

    const old = createDatabase(`sqlite:${file}`);
    await migrateToLatest(old);
    // Rows around it, as a store in use has.
    for (let i = 0; i < 40; i++) {
      await old
        .insertInto('orgs')
        .values({ id: `org_${i}`, name: `Org ${i}`, kind: null, scopes: '', created_at: i })
        .execute();
    }
    await insertClearSigningKey(old, { kid, publicJwk, privateJwk, createdAt: 1 });
    await old.destroy();
    expect(readFileSync(file).includes(secretPart)).toBe(true);

    const db = createDatabase(`sqlite:${file}`);
    const config = loadConfig(
      {},
      {
        publicUrl: testIssuer,
        databaseUrl: `sqlite:${file}`,
        hashKey: 'test-hash-key-0123456789abcdefghijklmnop',
        secretKey: testSecretKey,
      },
    );
    const services = await createServices({ config, db, clock: createFixedClock() });
    expect(services.keys.active().kid).toBe(kid);
    // While the server runs, as a backup taken then would copy them.
    const files = [file, `${file}-wal`].filter((name) => existsSync(name));
    expect(files.filter((name) => readFileSync(name).includes(secretPart))).toEqual([]);
    await db.destroy();
  });
});
