import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';
import type { SigningAlgorithm } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/database.js';

type Key = CryptoKey | KeyObject | Uint8Array;

export interface ActiveKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: Key;
}

export interface SigningKeyService {
  /** Loads the keys, creating the first one when the store has none for the algorithm. */
  init(): Promise<void>;
  active(): ActiveKey;
  /** RFC 7517 key set of every key that may still have live tokens. */
  jwks(): { keys: JWK[] };
  /** The public key for a kid; an unknown kid reloads from the store (another instance rotated). */
  publicKey(kid: string): Promise<{ alg: string; key: Key } | undefined>;
  /** Makes a new key active; the previous one stays published until its tokens expire. */
  rotate(): Promise<string>;
  /**
   * Reloads the keys when they were last loaded a few seconds ago or more, so that a key
   * rotated by another instance or the CLI is signed with and published here too.
   */
  refresh(): Promise<void>;
}

interface Loaded {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: JWK;
  publicKey: Key;
  privateKey: Key;
}

// After a rotation, keep publishing the previous key long enough for its tokens to expire.
const retiredKeepSeconds = 2 * 86_400;
const reloadIntervalSeconds = 5;

export function createSigningKeyService({
  db,
  clock,
  alg,
}: {
  db: Db;
  clock: Clock;
  alg: SigningAlgorithm;
}): SigningKeyService {
  let keys: Loaded[] = [];
  let current: Loaded | undefined;
  let lastReload = 0;
  let reloading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const rows = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('retired_at', 'is', null),
          eb('retired_at', '>', clock.now() - retiredKeepSeconds),
        ]),
      )
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .execute();
    keys = await Promise.all(
      rows.map(async (row) => {
        const rowAlg = row.alg as SigningAlgorithm;
        const publicJwk = JSON.parse(row.public_jwk) as JWK;
        return {
          kid: row.kid,
          alg: rowAlg,
          publicJwk,
          publicKey: await importJWK(publicJwk, rowAlg),
          privateKey: await importJWK(JSON.parse(row.private_jwk) as JWK, rowAlg),
        };
      }),
    );
    // When the store has no active key of our algorithm (SIGNING_ALG changed elsewhere, in a
    // rolling restart), keep signing with the key in use rather than with none.
    current =
      keys.find((k) => k.alg === alg && rows.find((r) => r.kid === k.kid)?.retired_at === null) ??
      current;
    lastReload = clock.now();
  }

  async function create(): Promise<string> {
    const pair = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk); // RFC 7638
    const privateJwk = await exportJWK(pair.privateKey);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('signing_keys')
        .set({ retired_at: now })
        .where('retired_at', 'is', null)
        .execute();
      await trx
        .insertInto('signing_keys')
        .values({
          kid,
          alg,
          public_jwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
          private_jwk: JSON.stringify(privateJwk),
          created_at: now,
          retired_at: null,
        })
        .execute();
    });
    return kid;
  }

  return {
    async init() {
      await load();
      if (current === undefined) {
        await create();
        await load();
      }
    },
    active() {
      if (current === undefined) throw new Error('signing keys not initialised');
      return { kid: current.kid, alg: current.alg, privateKey: current.privateKey };
    },
    jwks() {
      return { keys: keys.map((k) => k.publicJwk) };
    },
    async publicKey(kid) {
      let found = keys.find((k) => k.kid === kid);
      if (found === undefined && clock.now() - lastReload >= reloadIntervalSeconds) {
        await load();
        found = keys.find((k) => k.kid === kid);
      }
      return found && { alg: found.alg, key: found.publicKey };
    },
    async rotate() {
      const kid = await create();
      await load();
      return kid;
    },
    async refresh() {
      if (clock.now() - lastReload < reloadIntervalSeconds) return;
      // Concurrent requests share one reload.
      reloading ??= load().finally(() => {
        reloading = undefined;
      });
      await reloading;
    },
  };
}
