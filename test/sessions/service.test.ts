import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretHasher } from '../../src/lib/hash.js';
import {
  createSessionService,
  sessionLimits,
  type SessionService,
} from '../../src/sessions/service.js';
import { createUserService } from '../../src/users/service.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

const hasher = createSecretHasher('session-test-hash-key-0123456789abcdef');
const { idleSeconds, absoluteSeconds, touchSeconds } = sessionLimits;

describe('session limits', () => {
  it('ends a session after 30 idle minutes or 12 hours, and notes activity once a minute', () => {
    expect(sessionLimits).toEqual({ idleSeconds: 1800, absoluteSeconds: 43_200, touchSeconds: 60 });
  });
});

describe.each(storeTargets)('browser sessions ($name)', (target) => {
  const store = useServiceStore(target);
  let sessions: SessionService;
  let userId: string;

  beforeAll(async () => {
    const { db, clock } = store();
    sessions = createSessionService({ db, clock, hasher });
    const users = createUserService({ db, clock });
    userId = (await users.create({ email: 'sessions@example.com', password: 'session-pass' })).id;
  });

  const rowOf = (id: string) =>
    store()
      .db.selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', hasher.hash(id))
      .executeTakeFirst();

  it('starts a session under a random id, stored only as its keyed hash', async () => {
    const now = store().clock.now();
    const { id, session } = await sessions.start(userId);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).toEqual({ userId, authTime: now, lastSeenAt: now });
    expect(await sessions.find(id)).toEqual(session);
    expect(await rowOf(id)).toEqual({
      id_hash: hasher.hash(id),
      user_id: userId,
      auth_time: now,
      last_seen_at: now,
      ended_at: null,
    });
    const stored = await store().db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((row) => row.id_hash)).not.toContain(id);
    expect((await sessions.start(userId)).id).not.toBe(id);
  });

  it('finds nothing for an id it never issued', async () => {
    expect(await sessions.find('x'.repeat(43))).toBeUndefined();
    expect(await sessions.find('')).toBeUndefined();
    expect(await sessions.end('x'.repeat(43))).toBe(false);
  });

  it('ends the session the browser came with when it starts another (session fixation)', async () => {
    const before = await sessions.start(userId);
    const after = await sessions.start(userId, before.id);
    expect(await sessions.find(before.id)).toBeUndefined();
    expect((await rowOf(before.id))?.ended_at).toBe(store().clock.now());
    expect(await sessions.find(after.id)).toEqual(after.session);
    // An id the browser made up itself ends nothing and is never issued.
    const planted = await sessions.start(userId, 'planted-by-an-attacker');
    expect(planted.id).not.toBe('planted-by-an-attacker');
    expect(await sessions.find('planted-by-an-attacker')).toBeUndefined();
  });

  it('ends a session once: of concurrent ends, exactly one wins', async () => {
    const { id } = await sessions.start(userId);
    const results = await Promise.all(Array.from({ length: 5 }, () => sessions.end(id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await sessions.find(id)).toBeUndefined();
    expect(await sessions.end(id)).toBe(false);
  });

  it('notes activity at most once a minute, by one conditional statement', async () => {
    const { clock } = store();
    const { id, session } = await sessions.start(userId);
    clock.advance(touchSeconds - 1);
    expect(await sessions.find(id)).toEqual(session);
    expect((await rowOf(id))?.last_seen_at).toBe(session.authTime);
    clock.advance(1);
    const now = clock.now();
    const found = await Promise.all(Array.from({ length: 5 }, () => sessions.find(id)));
    expect(found).toEqual(Array.from({ length: 5 }, () => ({ ...session, lastSeenAt: now })));
    expect((await rowOf(id))?.last_seen_at).toBe(now);
  });

  describe.each(aroundTheLimit)('the idle timeout, %s', (_at, offset, holds) => {
    it(`${holds ? 'keeps' : 'ends'} the session`, async () => {
      const { clock } = store();
      const { id, session } = await sessions.start(userId);
      clock.advance(idleSeconds + offset);
      expect(await sessions.find(id)).toEqual(
        holds ? { ...session, lastSeenAt: clock.now() } : undefined,
      );
      // An expired session is never revived: the row keeps its last activity.
      if (!holds) expect((await rowOf(id))?.last_seen_at).toBe(session.lastSeenAt);
    });
  });

  it('slides the idle timeout with each noted request', async () => {
    const { clock } = store();
    const { id, session } = await sessions.start(userId);
    clock.advance(idleSeconds - 1);
    expect(await sessions.find(id)).toEqual({ ...session, lastSeenAt: clock.now() });
    clock.advance(idleSeconds - 1);
    expect(await sessions.find(id)).toEqual({ ...session, lastSeenAt: clock.now() });
  });

  describe.each(aroundTheLimit)('the absolute timeout, %s', (_at, offset, holds) => {
    it(`${holds ? 'keeps' : 'ends'} a session kept busy`, async () => {
      const { clock } = store();
      const { id, session } = await sessions.start(userId);
      // A request every 20 minutes keeps it from idling until the last step.
      const step = 20 * 60;
      for (let elapsed = step; elapsed < absoluteSeconds; elapsed += step) {
        clock.advance(step);
        expect(await sessions.find(id)).toEqual({ ...session, lastSeenAt: clock.now() });
      }
      clock.advance(absoluteSeconds + offset - (Math.ceil(absoluteSeconds / step) - 1) * step);
      expect(await sessions.find(id)).toEqual(
        holds ? { ...session, lastSeenAt: clock.now() } : undefined,
      );
      expect(await sessions.end(id)).toBe(holds);
    });
  });
});
