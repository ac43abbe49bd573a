import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../errors.js';
import { partnerError } from './errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../store/database.js';
import type { PruneTask } from '../../maintenance/prune.js';

/**
 * `Idempotency-Key` on partner commands (draft-ietf-httpapi-idempotency-key-header): a
 * client that retries a command with the key of its first attempt gets the first answer
 * back, and the command does not run again.
 *
 * - The key is the client's own, per client (two clients' keys never meet), for 24 hours.
 * - It belongs to one request: the command, the requestor and the body (its fields in any
 *   order). The same key with another request is 422 `idempotency_key_reused` (§2.7).
 * - One conditional insert claims the key, so of any number of requests sent at once with
 *   it, one runs the command; the others are 409 `idempotency_key_in_use` until it has
 *   answered (§2.7), and get its answer from then on.
 * - A claim whose command never answered (the instance running it crashed) is abandoned
 *   after `abandonedAfter` seconds, far longer than any command runs: the key may then be
 *   claimed again, rather than answer 409 for the rest of its 24 hours.
 * - Only a successful answer is kept. A command that is refused (or fails) frees its key,
 *   since it changed nothing: the same key may be sent again.
 */
export const idempotencyKeyHeader = 'idempotency-key';

/** How long a key is remembered: 24 hours, then it is free again and its row is pruned. */
export const idempotencyKeyLifetime = 24 * 60 * 60;

/** How long a claim may wait for its command's answer before it is taken as abandoned. */
export const abandonedAfter = 60;

/** What a command answered, as it is kept and sent again. */
export interface KeptAnswer {
  status: number;
  body: unknown;
}

/** The Idempotency-Key header, or undefined when none is sent; 400 when it is malformed. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[idempotencyKeyHeader];
  if (value === undefined) return undefined;
  // 1 to 255 visible ASCII characters (a UUID, say); spaces only inside.
  if (typeof value !== 'string' || !/^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/.test(value)) {
    throw new DomainError(
      'invalid_input',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  }
  return value;
}

/** The request a key stands for: a hash of the command, the requestor and the body. */
export function fingerprintOf(command: string, requestorId: string | null, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([command, requestorId, canonical(body)]))
    .digest('base64url');
}

export function createIdempotencyKeys({ db, clock }: { db: Db; clock: Clock }) {
  const byKey = (clientId: string, key: string) =>
    db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('key', '=', key);

  /**
   * True when this request now holds the key: it was free, its last use has expired, or its
   * last claim was abandoned without an answer.
   */
  async function claim(clientId: string, key: string, fingerprint: string): Promise<boolean> {
    const now = clock.now();
    const fresh = { fingerprint, created_at: now, status: null, response: null };
    const result = await db
      .insertInto('idempotency_keys')
      .values({ client_id: clientId, key, ...fresh })
      .onConflict((conflict) =>
        conflict
          .columns(['client_id', 'key'])
          .doUpdateSet(fresh)
          .where((eb) =>
            eb.or([
              eb('idempotency_keys.created_at', '<=', now - idempotencyKeyLifetime),
              eb.and([
                eb('idempotency_keys.status', 'is', null),
                eb('idempotency_keys.created_at', '<=', now - abandonedAfter),
              ]),
            ]),
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Frees the key of a command that failed: only a claim still running (this one). */
  async function release(clientId: string, key: string): Promise<void> {
    await db
      .deleteFrom('idempotency_keys')
      .where('client_id', '=', clientId)
      .where('key', '=', key)
      .where('status', 'is', null)
      .execute();
  }

  return {
    /**
     * `run`'s answer, run once per key: the kept answer when the key was used before with
     * the same request, with `replayed: true`.
     */
    async once(
      scope: { clientId: string; key: string; fingerprint: string },
      run: () => Promise<KeptAnswer>,
    ): Promise<KeptAnswer & { replayed: boolean }> {
      const { clientId, key, fingerprint } = scope;
      // A key freed by a failed first attempt between our claim and our read is claimed
      // again; a key cannot be freed more than once per attempt, so this ends.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        if (await claim(clientId, key, fingerprint)) {
          let answer: KeptAnswer;
          try {
            answer = await run();
          } catch (error) {
            await release(clientId, key);
            throw error;
          }
          await db
            .updateTable('idempotency_keys')
            .set({ status: answer.status, response: JSON.stringify(answer.body) })
            .where('client_id', '=', clientId)
            .where('key', '=', key)
            .execute();
          return { ...answer, replayed: false };
        }
        const kept = await byKey(clientId, key).executeTakeFirst();
        if (kept === undefined) continue;
        if (kept.fingerprint !== fingerprint) {
          throw partnerError(
            'idempotency_key_reused',
            'this Idempotency-Key was sent with another request',
          );
        }
        if (kept.status === null || kept.response === null) {
          throw partnerError(
            'idempotency_key_in_use',
            'the first request with this Idempotency-Key is still running',
          );
        }
        return { status: kept.status, body: JSON.parse(kept.response) as unknown, replayed: true };
      }
      throw partnerError('idempotency_key_in_use', 'this Idempotency-Key is in use');
    },
  };
}

/**
 * Deletes the keys older than their 24 hours (expired keys are free already; this keeps
 * the table small), with the store's other expired rows (maintenance/prune.ts).
 */
export const idempotencyKeyPruning: PruneTask = {
  key: 'idempotencyKeys',
  label: 'idempotency keys',
  async prune(db, before) {
    const result = await db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<=', before - idempotencyKeyLifetime)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

/** A JSON value with the fields of every object in one order, so that order does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([name, item]) => [name, canonical(item)]));
  }
  return value;
}
