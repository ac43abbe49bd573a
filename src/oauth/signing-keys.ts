import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { PostgresIntrospector, sql } from 'kysely';
import type { KeyObject } from 'node:crypto';
import { maxAccessTokenTtl, type SigningAlgorithm } from '../config.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import type { Db, Executor } from '../store/database.js';
import { signingKeyEntry, type DenyList } from './deny-list.js';
import { importJwk } from './jws.js';
import { openPrivateJwk, sealClearKeys, sealPrivateJwk } from './signing-key-sealing.js';

/** The key tokens are signed with: a KeyObject, which `node:crypto` signs with (jws.ts). */
export interface ActiveKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
}

/** A published key, for verifying what it signed. */
export interface PublicKey {
  alg: SigningAlgorithm;
  key: KeyObject;
}

export interface SigningKeyInfo {
  kid: string;
  alg: string;
  state: 'active' | 'retired' | 'revoked';
  createdAt: number;
}

export interface SigningKeyService {
  /** Seals keys kept in clear, loads the keys, and makes the first one when there is none. */
  init(): Promise<void>;
  active(): ActiveKey;
  /** RFC 7517 key set of every key that may still have live tokens and is not revoked. */
  jwks(): { keys: JWK[] };
  /** The public key for a kid; an unknown kid reloads from the store (another instance rotated). */
  publicKey(kid: string): Promise<PublicKey | undefined>;
  /**
   * Whether `kid` is among the keys loaded now and not revoked: no store read. A token
   * verified earlier is honoured only while the key that signed it is.
   */
  isPublished(kid: string): boolean;
  /** Makes a new key active; the previous one stays published until its tokens expire. */
  rotate(): Promise<string>;
  /**
   * Stops trusting a key at once: its tokens are refused and it is no longer published, here
   * now and on every instance at its next deny-list sync. A new key is made active if it was.
   */
  revoke(kid: string): Promise<{ kid: string; active: string }>;
  /** Every key of the store: the active one first, then the newest first. */
  list(): Promise<SigningKeyInfo[]>;
  /**
   * Reloads the keys when they were last loaded a few seconds ago or more, so that a key
   * rotated by another instance or the CLI is signed with and published here too; at once
   * when the key in use was revoked.
   */
  refresh(): Promise<void>;
}

interface Loaded {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: JWK;
  publicKey: KeyObject;
  retired: boolean;
}

// After a rotation, keep publishing the previous key long enough for its tokens to expire.
const retiredKeepSeconds = 2 * 86_400;
const reloadIntervalSeconds = 5;

export function createSigningKeyService({
  db,
  clock,
  alg,
  sealer,
  denyList,
}: {
  db: Db;
  clock: Clock;
  alg: SigningAlgorithm;
  /** Seals private keys under GATEHOUSE_SECRET_KEY. */
  sealer: Sealer;
  denyList: Pick<DenyList, 'revoke' | 'revokedAt'>;
}): SigningKeyService {
  let keys: Loaded[] = [];
  let current: (Loaded & { privateKey: KeyObject }) | undefined;
  let lastReload = 0;
  let reloading: Promise<void> | undefined;
  const upToDate = Promise.resolve();

  // Other instances learn of a revocation through the deny list before they reload.
  const isRevoked = (kid: string) => denyList.revokedAt(signingKeyEntry(kid)) !== undefined;

  async function load(): Promise<void> {
    const rows = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where('revoked_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('retired_at', 'is', null),
          eb('retired_at', '>', clock.now() - retiredKeepSeconds),
        ]),
      )
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .execute();
    keys = rows.map((row) => {
      const rowAlg = row.alg as SigningAlgorithm;
      const publicJwk = JSON.parse(row.public_jwk) as JWK;
      return {
        kid: row.kid,
        alg: rowAlg,
        publicJwk,
        publicKey: importJwk(publicJwk, rowAlg, 'public'),
        retired: row.retired_at !== null,
      };
    });
    // When the store has no active key of our algorithm (SIGNING_ALG changed elsewhere, in a
    // rolling restart), keep signing with the key in use, unless it was revoked.
    const chosen =
      keys.find((k) => k.alg === alg && !k.retired) ?? keys.find((k) => k.kid === current?.kid);
    const row = rows.find((r) => r.kid === chosen?.kid);
    if (chosen === undefined || row === undefined) {
      current = undefined;
    } else if (chosen.kid !== current?.kid) {
      const privateJwk = openPrivateJwk(sealer, row.kid, row.private_jwk);
      current = { ...chosen, privateKey: importJwk(privateJwk, chosen.alg, 'private') };
    }
    lastReload = clock.now();
  }

  async function newKey() {
    const pair = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk); // RFC 7638
    return {
      kid,
      alg,
      public_jwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
      private_jwk: sealPrivateJwk(sealer, kid, await exportJWK(pair.privateKey)),
    };
  }

  /**
   * The first statement of a transaction that may activate a key: such transactions take
   * turns. On PostgreSQL (read committed) two at once would each retire only the keys
   * committed before they began and both insert, leaving two active keys; SQLite already runs
   * one writing transaction at a time. Taken first, before any row lock, so that two such
   * transactions never wait for each other; it ends with the transaction.
   */
  async function takeTurn(trx: Executor): Promise<void> {
    if (trx.introspection instanceof PostgresIntrospector) {
      await sql`select pg_advisory_xact_lock(hashtext('gatehouse signing key activation'))`.execute(
        trx,
      );
    }
  }

  /** Inserts `key` as the one active key, retiring any other. */
  async function activate(trx: Executor, key: Awaited<ReturnType<typeof newKey>>, now: number) {
    await trx
      .updateTable('signing_keys')
      .set({ retired_at: now })
      .where('retired_at', 'is', null)
      .execute();
    await trx
      .insertInto('signing_keys')
      .values({ ...key, created_at: now, retired_at: null, revoked_at: null })
      .execute();
  }

  async function create(): Promise<string> {
    const key = await newKey();
    await db.transaction().execute(async (trx) => {
      await takeTurn(trx);
      await activate(trx, key, clock.now());
    });
    return key.kid;
  }

  async function loadOrCreate(): Promise<void> {
    await load();
    if (current === undefined) {
      await create();
      await load();
    }
  }

  function active(): ActiveKey {
    if (current === undefined) throw new Error('signing keys not initialised');
    return { kid: current.kid, alg: current.alg, privateKey: current.privateKey };
  }

  return {
    async init() {
      await sealClearKeys(db, sealer);
      await loadOrCreate();
    },
    active,
    jwks() {
      return { keys: keys.filter((k) => !isRevoked(k.kid)).map((k) => k.publicJwk) };
    },
    isPublished(kid) {
      return !isRevoked(kid) && keys.some((k) => k.kid === kid);
    },
    async publicKey(kid) {
      if (isRevoked(kid)) return undefined;
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
    async revoke(kid) {
      const row = await db
        .selectFrom('signing_keys')
        .select(['retired_at', 'revoked_at'])
        .where('kid', '=', kid)
        .executeTakeFirst();
      if (row === undefined) throw new DomainError('not_found', `no signing key ${kid}`);
      const wasActive = row.retired_at === null && row.revoked_at === null;
      const replacement = wasActive ? await newKey() : undefined;
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await takeTurn(trx);
        await trx
          .updateTable('signing_keys')
          .set({ revoked_at: now, retired_at: row.retired_at ?? now })
          .where('kid', '=', kid)
          .where('revoked_at', 'is', null)
          .execute();
        // In the same transaction: no instance ever finds the store without an active key.
        const activeLeft = await trx
          .selectFrom('signing_keys')
          .select('kid')
          .where('retired_at', 'is', null)
          .executeTakeFirst();
        if (replacement !== undefined && activeLeft === undefined) {
          await activate(trx, replacement, now);
        }
      });
      // Its tokens, whenever issued (a leaked key signs new ones), until every instance has
      // reloaded its keys without it; well before then, none it signed is still live.
      await denyList.revoke(signingKeyEntry(kid), now + maxAccessTokenTtl);
      await loadOrCreate();
      return { kid, active: active().kid };
    },
    async list() {
      const rows = await db
        .selectFrom('signing_keys')
        .select(['kid', 'alg', 'created_at', 'retired_at', 'revoked_at'])
        .orderBy((eb) => eb.case().when('retired_at', 'is', null).then(0).else(1).end())
        .orderBy('created_at', 'desc')
        .orderBy('kid', 'desc')
        .execute();
      return rows.map((row): SigningKeyInfo => ({
        kid: row.kid,
        alg: row.alg,
        state: row.revoked_at !== null ? 'revoked' : row.retired_at !== null ? 'retired' : 'active',
        createdAt: row.created_at,
      }));
    },
    refresh() {
      const unusable = current === undefined || isRevoked(current.kid);
      // Not an async function: on nearly every token, there is nothing to wait for.
      if (!unusable && clock.now() - lastReload < reloadIntervalSeconds) return upToDate;
      // Concurrent requests share one reload.
      reloading ??= loadOrCreate().finally(() => {
        reloading = undefined;
      });
      return reloading;
    },
  };
}
