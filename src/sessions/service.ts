import type { ExpressionBuilder } from 'kysely';
import type { Clock } from '../lib/clock.js';
import type { SecretHasher } from '../lib/hash.js';
import { randomToken } from '../lib/random.js';
import type { Db } from '../store/database.js';
import type { Database } from '../store/schema.js';

/**
 * How long a browser session lives, in seconds: the one place these limits are set (the
 * pruner reads them too). OWASP's Session Management Cheat Sheet, "Session Expiration":
 * an idle timeout bounds what an unattended browser gives away, an absolute one what a
 * stolen cookie does, however busy it is kept.
 */
export const sessionLimits = {
  /** A session ends after 30 minutes without a request; each request slides this. */
  idleSeconds: 30 * 60,
  /** And 12 hours after sign-in, however active it is: then the person signs in again. */
  absoluteSeconds: 12 * 60 * 60,
  /**
   * `last_seen_at` is written at most once a minute, so that a busy page costs one indexed
   * read per request and not a write; the idle timeout is therefore exact to a minute.
   */
  touchSeconds: 60,
} as const;

/** A live session, as a request sees it. */
export interface Session {
  userId: string;
  /** When the person signed in (OpenID Connect Core §2, `auth_time`). */
  authTime: number;
  /** The last request that moved the idle timeout. */
  lastSeenAt: number;
}

export interface SessionService {
  /**
   * A new session for `userId`, under a new random id (256 bits, for the cookie); the
   * session `replacing` (the one the browser came with) ends first, so that an id planted
   * before sign-in is worth nothing after it (OWASP: session fixation).
   */
  start(userId: string, replacing?: string): Promise<{ id: string; session: Session }>;
  /** The live session `id` names, else undefined; slides its idle timeout. */
  find(id: string): Promise<Session | undefined>;
  /** Ends the live session `id` names; true if this call ended it. */
  end(id: string): Promise<boolean>;
}

/**
 * Server-side sessions of the browser pages, one row per sign-in. The id the cookie holds is
 * stored only as a keyed hash (`lib/hash.ts`). Whether a session is live is decided in SQL,
 * by the same condition in every statement, so that no request revives a session that
 * another request, or another instance, saw end or expire.
 */
export function createSessionService({
  db,
  clock,
  hasher,
}: {
  db: Db;
  clock: Clock;
  hasher: SecretHasher;
}): SessionService {
  const { idleSeconds, absoluteSeconds, touchSeconds } = sessionLimits;
  // The session `idHash` names, live at `now`: not ended, seen less than idleSeconds ago,
  // signed in less than absoluteSeconds ago. Every limit is exclusive: a session is over at
  // the second it reaches one.
  const liveAt = (idHash: string, now: number) => (eb: ExpressionBuilder<Database, 'sessions'>) =>
    eb.and([
      eb('id_hash', '=', idHash),
      eb('ended_at', 'is', null),
      eb('last_seen_at', '>', now - idleSeconds),
      eb('auth_time', '>', now - absoluteSeconds),
    ]);

  async function end(id: string): Promise<boolean> {
    const now = clock.now();
    const ended = await db
      .updateTable('sessions')
      .set({ ended_at: now })
      .where(liveAt(hasher.hash(id), now))
      .executeTakeFirst();
    return Number(ended.numUpdatedRows) === 1;
  }

  return {
    async start(userId, replacing) {
      if (replacing !== undefined) await end(replacing);
      const id = randomToken(32);
      const now = clock.now();
      await db
        .insertInto('sessions')
        .values({
          id_hash: hasher.hash(id),
          user_id: userId,
          auth_time: now,
          last_seen_at: now,
          ended_at: null,
        })
        .execute();
      return { id, session: { userId, authTime: now, lastSeenAt: now } };
    },

    async find(id) {
      const now = clock.now();
      const idHash = hasher.hash(id);
      const row = await db
        .selectFrom('sessions')
        .select(['user_id', 'auth_time', 'last_seen_at'])
        .where(liveAt(idHash, now))
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const session = {
        userId: row.user_id,
        authTime: row.auth_time,
        lastSeenAt: row.last_seen_at,
      };
      if (now - session.lastSeenAt < touchSeconds) return session;
      // One conditional statement: of requests that arrive together, one writes; none
      // writes to a session that has ended or expired meanwhile.
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where(liveAt(idHash, now))
        .where('last_seen_at', '<=', now - touchSeconds)
        .execute();
      return { ...session, lastSeenAt: now };
    },

    end,
  };
}
