import { sql } from 'kysely';
import { keyStart, type KeyFormat } from '../../src/apikeys/format.js';
import type { SecretHasher } from '../../src/lib/hash.js';
import { newId } from '../../src/lib/random.js';
import type { Db } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';

/** Rows per INSERT: 11 columns each, well within SQLite's and PostgreSQL's parameter limits. */
const rowsPerInsert = 500;
/** Rows per transaction, so that no single transaction holds a million rows. */
const rowsPerTransaction = 100_000;

/**
 * Stores `count` API keys of `format` in `orgId`, each row as the key service writes it
 * (apikeys/service.ts `create`: its key_hash from the store's own hasher, its `start`), in
 * multi-row INSERTs, many to a transaction. Returns `sampleSize` of the keys, taken evenly
 * across the insertion order so that they are spread over the whole table, then shuffled.
 */
export async function insertKeys(
  db: Db,
  hasher: SecretHasher,
  {
    orgId,
    count,
    sampleSize,
    format,
    now,
    postgres,
  }: {
    orgId: string;
    count: number;
    sampleSize: number;
    format: KeyFormat;
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
        for (let i = from; i < Math.min(last, from + rowsPerInsert); i++) {
          const secret = format.generate();
          if (i % stride === 0 && sample.length < sampleSize) sample.push(secret);
          rows.push({
            id: newId('key'),
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
