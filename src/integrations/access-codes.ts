import type { Clock } from '../lib/clock.js';
import type { SecretHasher } from '../lib/hash.js';
import { randomBase62 } from '../lib/random.js';
import type { Db, Executor } from '../store/database.js';

export interface AccessCodeService {
  /**
   * Issues a single-use code that installs `clientId` into `orgId`; returned once. `code`
   * fixes the value (sandbox fixtures); `ttl` null means it never expires.
   */
  issue(input: {
    clientId: string;
    orgId: string;
    code?: string;
    ttl?: number | null;
    /** An S256 challenge (RFC 7636) its redemption must answer with the verifier. */
    codeChallenge?: string;
  }): Promise<{ code: string; expiresAt: number | null }>;
  /**
   * Spends a live code of `clientId`: one conditional UPDATE, so that of any number of
   * concurrent redemptions exactly one changes the row. Returns the org it is bound to.
   */
  consume(executor: Executor, code: string, clientId: string): Promise<string | undefined>;
}

export function createAccessCodeService({
  db,
  clock,
  hasher,
  ttl: defaultTtl,
}: {
  db: Db;
  clock: Clock;
  hasher: SecretHasher;
  /** Seconds an issued code may be redeemed, unless `issue` is told otherwise. */
  ttl: number;
}): AccessCodeService {
  return {
    async issue({
      clientId,
      orgId,
      code = `ac_${randomBase62(32)}`,
      ttl = defaultTtl,
      codeChallenge,
    }) {
      const now = clock.now();
      const expiresAt = ttl === null ? null : now + ttl;
      await db
        .insertInto('access_codes')
        .values({
          code_hash: hasher.hash(code),
          client_id: clientId,
          org_id: orgId,
          created_at: now,
          expires_at: expiresAt,
          used_at: null,
          code_challenge: codeChallenge ?? null,
        })
        .execute();
      return { code, expiresAt };
    },
    async consume(executor, code, clientId) {
      const now = clock.now();
      const row = await executor
        .updateTable('access_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hasher.hash(code))
        .where('client_id', '=', clientId)
        .where('used_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .returning('org_id')
        .executeTakeFirst();
      return row?.org_id;
    },
  };
}
