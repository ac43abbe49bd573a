import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { keyStart, type KeyFormat } from '../../src/apikeys/format.js';
import type { SecretHasher } from '../../src/lib/hash.js';
import type { Db } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';

/** Rows per INSERT: 11 columns each, well within SQLite's and PostgreSQL's parameter limits. */
const rowsPerInsert = 500;
/** Rows per transaction, so that no single transaction holds a million rows. */
const rowsPerTransaction = 100_000;

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `count` keys and ids as the product makes them (a hex key format's `prefix` + 16 random
 * bytes in hex; `key_` + 16 base62 characters), from one call for random bytes rather than
 * two per row, which would take most of the seeding time.
 */
function keysAndIds(prefix: string, count: number): Array<{ secret: string; id: string }> {
  const random = randomBytes(count * 32);
  return Array.from({ length: count }, (_, i) => {
    const at = i * 32;
    let id = 'key_';
    for (let j = at + 16; j < at + 32; j++) id += base62[(random[j] ?? 0) % 62];
    return { secret: prefix + random.toString('hex', at, at + 16), id };
  });
}

/**
 * Stores `count` API keys of `format` (`prefix` + 32 hex characters) in `orgId`, each row as
 * the key service writes it (apikeys/service.ts `create`: its key_hash from the store's own
 * hasher, its `start`), in multi-row INSERTs, many to a transaction. Returns `sampleSize` of
 * the keys, taken evenly across the insertion order so that they are spread over the whole
 * table, then shuffled.
 */
export async function insertKeys(
  db: Db,
  hasher: SecretHasher,
  {
    orgId,
    count,
    sampleSize,
    format,
    prefix,
    now,
    postgres,
  }: {
    orgId: string;
    count: number;
    sampleSize: number;
    /** The format the keys are in, which must recognise them. */
    format: KeyFormat;
    prefix: string;
    now: number;
    postgres: boolean;
  },
): Promise<string[]> {
  const stride = Math.max(1, Math.floor(count / sampleSize));
  const sample: string[] = [];
  for (let first = 0; first < count; first += rowsPerTransaction) {
    const last = Math.min(count, first + rowsPerTransaction);
    await db.transaction().execute(async (trx) => {
      for (let from = first; from < last; from += rowsPerInsert) {
        const rows: Array<Database['api_keys']> = [];
        const made = keysAndIds(prefix, Math.min(last, from + rowsPerInsert) - from);
        for (const [offset, { secret, id }] of made.entries()) {
          const i = from + offset;
          if (!format.recognises(secret)) throw new Error(`not a key of its format: ${secret}`);
          if (i % stride === 0 && sample.length < sampleSize) sample.push(secret);
          rows.push({
            id,
            org_id: orgId,
            name: `scale key ${i + 1}`,
            key_hash: hasher.hash(secret),
            start: keyStart(secret),
            role: 'member',
            scopes: '',
            created_by: null,
            created_at: now,
            expires_at: null,
            revoked_at: null,
          });
        }
        await trx.insertInto('api_keys').values(rows).execute();
      }
    });
  }
  // As an operator's store would be after autovacuum: planner statistics of the new rows.
  if (postgres) await sql`analyze api_keys`.execute(db);
  return shuffle(sample);
}

/** Fisher–Yates, so that the sample is sent in no particular order. */
function shuffle<T>(values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [values[i], values[j]] = [values[j] as T, values[i] as T];
  }
  return values;
}
