import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { createSecretHasher } from '../../src/lib/hash.js';
import { systemClock } from '../../src/lib/clock.js';
import { openStore } from '../../src/open-store.js';
import { seedSandboxIfEmpty } from '../../src/sandbox/seed.js';
import { createServices } from '../../src/services.js';
import { dialectOf } from '../../src/store/database.js';
import { resolveHashKey } from '../../src/store/settings.js';
import { partiumKeyFormat } from '../../src/surfaces/partium/key-format.js';
import { partiumKey } from '../fixtures.js';
import { insertKeys } from './bulk-keys.js';
import { answerParent } from './ipc.js';

/**
 * Prepares a store of the scale scenario before its server starts, in a process of its own
 * (so that the server's peak memory is its own): opens and migrates it and seeds the sandbox
 * as the server would, then stores BENCH_KEYS Partium-style keys in the Demo Parts Co
 * (bulk-keys.ts). Reports how long the keys took and BENCH_SAMPLE of them.
 */
const config = loadConfig(process.env, { sandbox: true });
const { db, config: opened } = await openStore(config, {
  claim: 'sandbox',
  generateSecretKey: false,
});
await seedSandboxIfEmpty(await createServices({ config: opened, db, clock: systemClock }));
// A page cache large enough for the key_hash index, for this process only: random inserts
// into a B-tree larger than SQLite's default 2 MB cache would read it back page by page.
if (dialectOf(config.databaseUrl) === 'sqlite') await sql`pragma cache_size = -524288`.execute(db);
const started = performance.now();
const sample = await insertKeys(db, createSecretHasher(await resolveHashKey(db, config.hashKey)), {
  orgId: partiumKey.orgId,
  count: Number(process.env.BENCH_KEYS),
  sampleSize: Number(process.env.BENCH_SAMPLE),
  format: partiumKeyFormat,
  prefix: 'partium_',
  now: systemClock.now(),
  postgres: dialectOf(config.databaseUrl) === 'postgres',
});
const seconds = (performance.now() - started) / 1000;

answerParent(
  {
    seconds: async () => seconds,
    sample: async (count) => sample.slice(0, count),
  },
  () => db.destroy(),
);
