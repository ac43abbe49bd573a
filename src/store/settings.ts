import { ConfigError } from '../config.js';
import { randomToken } from '../lib/random.js';
import type { Db } from './database.js';

/**
 * The key of the keyed secret hash. GATEHOUSE_HASH_KEY wins; without it, a key is made on
 * first start and kept in the store, so that every instance sharing the store agrees. Keep
 * the key outside the database (the variable) for the hashes to resist a stolen backup.
 *
 * A store that already holds hashed secrets but no key of its own was set up with the
 * variable: a key made now would match none of them, and what it hashed (a key the CLI
 * prints) would be refused by the server. That is refused instead.
 */
export async function resolveHashKey(db: Db, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  const kept = await storedHashKey(db);
  if (kept !== undefined) return kept;
  if (await holdsHashedSecrets(db)) {
    throw new ConfigError(
      'GATEHOUSE_HASH_KEY is not set, and this store was set up with it (it keeps no hash ' +
        'key of its own): set the GATEHOUSE_HASH_KEY the server runs with',
    );
  }
  await db
    .insertInto('settings')
    .values({ name: 'hash_key', value: randomToken(32) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const made = await storedHashKey(db);
  if (made === undefined) throw new Error('the hash key was not kept');
  return made;
}

async function storedHashKey(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', 'hash_key')
    .executeTakeFirst();
  return row?.value;
}

async function holdsHashedSecrets(db: Db): Promise<boolean> {
  const found = await Promise.all([
    db.selectFrom('api_keys').select('id').limit(1).executeTakeFirst(),
    db
      .selectFrom('clients')
      .select('id')
      .where('secret_hash', 'is not', null)
      .limit(1)
      .executeTakeFirst(),
    db.selectFrom('refresh_tokens').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('access_codes').select('code_hash').limit(1).executeTakeFirst(),
  ]);
  return found.some((row) => row !== undefined);
}
