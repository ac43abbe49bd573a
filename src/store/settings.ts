import { randomToken } from '../lib/random.js';
import type { Db } from './database.js';

/**
 * The key of the keyed secret hash. GATEHOUSE_HASH_KEY wins; without it, a key is made on
 * first start and kept in the store, so that every instance sharing the store agrees. Keep
 * the key outside the database (the variable) for the hashes to resist a stolen backup.
 */
export async function resolveHashKey(db: Db, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  await db
    .insertInto('settings')
    .values({ name: 'hash_key', value: randomToken(32) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', 'hash_key')
    .executeTakeFirstOrThrow();
  return row.value;
}
