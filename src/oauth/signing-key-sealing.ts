import type { JWK } from 'jose';
import { ConfigError } from '../config.js';
import { isSealed, SealError, sealedKeyId, type Sealer } from '../lib/sealing.js';
import { rewriteTable, type Db } from '../store/database.js';

/**
 * The private half of a signing key is stored sealed under GATEHOUSE_SECRET_KEY, bound to its
 * kid, so that reading the store (a backup, a replica, a dump) does not let anyone sign.
 */
export function sealPrivateJwk(sealer: Sealer, kid: string, jwk: JWK): string {
  return sealer.seal(JSON.stringify(jwk), kid);
}

const otherKey =
  'the signing keys in this store were encrypted under another GATEHOUSE_SECRET_KEY: ' +
  'start with the key this store was set up with';

/** The private JWK of a stored key; a ConfigError when this server's key cannot open it. */
export function openPrivateJwk(sealer: Sealer, kid: string, stored: string): JWK {
  // A store written before keys were sealed, until init() seals it at start.
  if (!isSealed(stored)) return JSON.parse(stored) as JWK;
  try {
    return JSON.parse(sealer.open(stored, kid)) as JWK;
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    throw new ConfigError(
      error.reason === 'other_key'
        ? otherKey
        : `the signing key ${kid} in this store cannot be decrypted: it was altered`,
    );
  }
}

/**
 * Seals every key still stored in clear, in place: on each start, so that a store from
 * before keys were sealed is protected once it runs with GATEHOUSE_SECRET_KEY. Each update
 * is conditional on the clear value, so instances starting together seal each key once.
 * Refuses first, changing nothing, when keys were sealed under another key.
 */
export async function sealClearKeys(db: Db, sealer: Sealer): Promise<void> {
  const rows = await db.selectFrom('signing_keys').select(['kid', 'private_jwk']).execute();
  if (
    rows.some((row) => isSealed(row.private_jwk) && sealedKeyId(row.private_jwk) !== sealer.keyId)
  ) {
    throw new ConfigError(otherKey);
  }
  let sealed = 0;
  for (const row of rows) {
    if (isSealed(row.private_jwk)) continue;
    const result = await db
      .updateTable('signing_keys')
      .set({ private_jwk: sealer.seal(row.private_jwk, row.kid) })
      .where('kid', '=', row.kid)
      .where('private_jwk', '=', row.private_jwk)
      .executeTakeFirst();
    sealed += Number(result.numUpdatedRows);
  }
  // The clear rows are still in the store's files (free pages, the WAL, dead tuples) until
  // they are rewritten: a copy of the files would still sign.
  if (sealed > 0) await rewriteTable(db, 'signing_keys');
}
