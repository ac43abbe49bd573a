import { beforeAll, describe, expect, it } from 'vitest';
import {
  changedEntry,
  createDenyList,
  credentialEntry,
  type DenyList,
} from '../../src/oauth/deny-list.js';
import {
  createLookupCaches,
  lookupCacheBounds,
  type CachedLookup,
  type LookupCaches,
} from '../../src/store/lookup-cache.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';

describe('change entries', () => {
  it('are named apart from tokens and credentials', () => {
    expect(changedEntry.org('org_a')).toBe('changed:org:org_a');
    expect(changedEntry.membership('usr_a', 'org_a')).toBe('changed:membership:usr_a:org_a');
    expect(changedEntry.everything).toBe('changed:all');
  });
});

interface Held {
  id: string;
  expiresAt: number | null;
}

describe.each(storeTargets)('lookup caches over the deny list ($name)', (target) => {
  const store = useServiceStore(target);
  /** Two instances on one store: their deny lists and their caches. */
  let a: { denyList: DenyList; lookups: LookupCaches };
  let b: { denyList: DenyList; lookups: LookupCaches };
  let serial = 0;

  beforeAll(() => {
    const { db, clock } = store();
    const instance = () => {
      const denyList = createDenyList({ db, clock });
      return { denyList, lookups: createLookupCaches({ denyList, clock }) };
    };
    a = instance();
    b = instance();
  });

  /** A lookup of `on` whose values depend on `api_key:<id>` and expire when they say. */
  function lookupOn(on: LookupCaches) {
    const lookup = on.lookup<Held>({
      dependsOn: (held) => [credentialEntry('api_key', held.id)],
      usable: (held, now) => held.expiresAt === null || held.expiresAt > now,
    });
    let loads = 0;
    /** Gets `id`, loading `found` (null: nothing there); how many loads it took. */
    const get = async (id: string, found: Held | null = { id, expiresAt: null }) => {
      const before = loads;
      const value = await lookup.get(id, async () => {
        loads++;
        return found ?? undefined;
      });
      return { value, loads: loads - before };
    };
    return { lookup, get };
  }
  const freshId = () => `key_${++serial}`;

  it('serves what it found from memory, and looks up again what it did not find', async () => {
    const { get } = lookupOn(a.lookups);
    const id = freshId();
    expect(await get(id)).toEqual({ value: { id, expiresAt: null }, loads: 1 });
    expect(await get(id)).toEqual({ value: { id, expiresAt: null }, loads: 0 });
    const unknown = freshId();
    expect(await get(unknown, null)).toEqual({ value: undefined, loads: 1 });
    expect(await get(unknown, null)).toEqual({ value: undefined, loads: 1 });
  });

  it('reads again at once on the instance where what a value depends on is revoked', async () => {
    const { clock } = store();
    const { get } = lookupOn(a.lookups);
    const id = freshId();
    await get(id);
    await a.denyList.revoke(credentialEntry('api_key', id), clock.now() + 86_400);
    expect(await get(id, null)).toEqual({ value: undefined, loads: 1 });
    expect(await get(id, null)).toEqual({ value: undefined, loads: 1 });
  });

  it('records a change in the store for longer than any value may be held', async () => {
    const { db, clock } = store();
    const entry = changedEntry.org(`org_${++serial}`);
    await a.lookups.changed(entry);
    expect(
      await db.selectFrom('revoked_tokens').selectAll().where('jti', '=', entry).execute(),
    ).toEqual([
      {
        jti: entry,
        revoked_at: clock.now(),
        expires_at: clock.now() + lookupCacheBounds.maxAge + 60,
      },
    ]);
  });

  it('reads again on another instance once its deny list has synced', async () => {
    const { clock } = store();
    clock.advance(60);
    const { get } = lookupOn(b.lookups);
    const id = freshId();
    await get(id);
    await a.denyList.revoke(credentialEntry('api_key', id), clock.now() + 86_400);
    // Until then it holds the value: a second at most with the sync a server runs.
    expect(await get(id, null)).toEqual({ value: { id, expiresAt: null }, loads: 0 });
    await b.denyList.sync();
    expect(await get(id, null)).toEqual({ value: undefined, loads: 1 });
  });

  // Another instance's change, heard with its own clock's time (as the Redis fan-out does).
  it.each([
    ['a second after the value was read', 1, 'read again'],
    ['in the second it was read', 0, 'read again'],
    ['5 seconds before it was read (clock skew)', -5, 'read again'],
    ['6 seconds before it was read (skew, and a snapshot as old as a turn)', -6, 'read again'],
    ['7 seconds before it was read', -7, 'kept'],
  ])('takes a change recorded %s for a later one: %s', async (_, offset, outcome) => {
    const { clock } = store();
    clock.advance(60);
    const { get } = lookupOn(a.lookups);
    const id = freshId();
    await get(id);
    const readAt = clock.now();
    clock.advance(2);
    a.denyList.remember(credentialEntry('api_key', id), readAt + 86_400, readAt + offset);
    expect((await get(id)).loads).toBe(outcome === 'kept' ? 0 : 1);
  });

  it('reads everything again after a change of everything', async () => {
    const { clock } = store();
    clock.advance(60);
    const { get } = lookupOn(a.lookups);
    const ids = [freshId(), freshId()];
    for (const id of ids) await get(id);
    await a.lookups.changed(changedEntry.everything);
    for (const id of ids) expect((await get(id)).loads).toBe(1);
  });

  it("checks a value's own expiry at each use", async () => {
    const { clock } = store();
    clock.advance(60);
    const { get } = lookupOn(a.lookups);
    const id = freshId();
    const held = { id, expiresAt: clock.now() + 10 };
    await get(id, held);
    clock.advance(9);
    expect(await get(id, held)).toEqual({ value: held, loads: 0 });
    clock.advance(1);
    expect(await get(id, null)).toEqual({ value: undefined, loads: 1 });
  });

  it('reads a value again once it is as old as the maximum age', async () => {
    const { clock } = store();
    clock.advance(60);
    const { get } = lookupOn(a.lookups);
    const id = freshId();
    await get(id);
    clock.advance(lookupCacheBounds.maxAge - 1);
    expect((await get(id)).loads).toBe(0);
    clock.advance(1);
    expect((await get(id)).loads).toBe(1);
  });

  it('holds no more than the maximum number of entries', async () => {
    const { clock } = store();
    const small = createLookupCaches({
      denyList: a.denyList,
      clock,
      bounds: { maxEntries: 3, maxAge: 300 },
    });
    const { lookup, get } = lookupOn(small);
    const ids = [freshId(), freshId(), freshId(), freshId(), freshId()];
    for (const id of ids) await get(id);
    expect(lookup.size).toBe(3);
    expect((await get(ids[4] ?? '')).loads).toBe(0);
    expect((await get(ids[0] ?? '')).loads).toBe(1);
    expect(lookup.size).toBe(3);
  });

  it('serves every one of many concurrent first uses, and then holds one entry', async () => {
    const { clock } = store();
    clock.advance(60);
    const { lookup, get } = lookupOn(a.lookups);
    const id = freshId();
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(id)));
    expect(answers.map((answer) => answer.value)).toEqual(
      Array.from({ length: 20 }, () => ({ id, expiresAt: null })),
    );
    expect(lookup.size).toBe(1);
    expect((await get(id)).loads).toBe(0);
  });

  it('does not serve from memory a value read before a change that happened meanwhile', async () => {
    const { clock } = store();
    clock.advance(60);
    const lookup: CachedLookup<Held> = a.lookups.lookup<Held>({
      dependsOn: (held) => [credentialEntry('api_key', held.id)],
    });
    const id = freshId();
    let release: (value: Held) => void = () => undefined;
    const slow = lookup.get(id, () => new Promise<Held>((resolve) => (release = resolve)));
    await a.denyList.revoke(credentialEntry('api_key', id), clock.now() + 86_400);
    release({ id, expiresAt: null });
    // The read began before the revocation, as a SELECT in flight would have.
    expect(await slow).toEqual({ id, expiresAt: null });
    let loads = 0;
    const next = await lookup.get(id, async () => {
      loads++;
      return undefined;
    });
    expect({ next, loads }).toEqual({ next: undefined, loads: 1 });
  });
});
