import type { Clock } from '../lib/clock.js';
import type { SecretHasher } from '../lib/hash.js';
import { randomBase62 } from '../lib/random.js';
import { s256Challenge } from '../oauth/pkce.js';
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
   * Spends a live code of `clientId` that `codeVerifier` proves (see below): one conditional
   * UPDATE, so that of any number of concurrent redemptions exactly one changes the row.
   * Returns the org it is bound to, or undefined (and the code is left as it was).
   *
   * The PKCE binding is a condition of that same UPDATE. A code issued with a challenge is
   * spent only with the verifier whose S256 challenge it is (RFC 7636 §4.6); a code issued
   * without one only without a verifier (RFC 9700 §4.8.2: a verifier for a code that has no
   * challenge is refused, or a PKCE downgrade would go unnoticed). A presentation that fails
   * the binding spends nothing: whoever makes it proves no hold on the code, and spending it
   * would let anyone who saw the code in transit deny its rightful client the install. The
   * verifier is expected well-formed (oauth/pkce.ts `requireWellFormedVerifier`).
   */
  consume(
    executor: Executor,
    code: string,
    clientId: string,
    codeVerifier?: string,
  ): Promise<string | undefined>;
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
    async consume(executor, code, clientId, codeVerifier) {
      const now = clock.now();
      // The challenge is compared in SQL, not in constant time: it is no secret (it crossed
      // the browser in the authorization request), and the code itself is found by its hash.
      const proof = codeVerifier === undefined ? null : s256Challenge(codeVerifier);
      const row = await executor
        .updateTable('access_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hasher.hash(code))
        .where('client_id', '=', clientId)
        .where('used_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .where((eb) =>
          proof === null ? eb('code_challenge', 'is', null) : eb('code_challenge', '=', proof),
        )
        .returning('org_id')
        .executeTakeFirst();
      return row?.org_id;
    },
  };
}
