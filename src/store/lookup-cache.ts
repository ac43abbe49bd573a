import { maxAccessTokenTtl } from '../config.js';
import { createBoundedCache, type CacheBounds } from '../lib/bounded-cache.js';
import type { Clock } from '../lib/clock.js';
import { changedEntry, instanceClockSkew, type DenyList } from '../oauth/deny-list.js';

/** Each lookup cache: at most 10,000 entries, each reloaded from the store after 5 minutes. */
export const lookupCacheBounds: CacheBounds = { maxEntries: 10_000, maxAge: 300 };

/** What makes a value a lookup read stale. */
export interface LookupSpec<V> {
  /**
   * The deny-list entries (`api_key:<id>`, `client:<id>`, `changed:…`) written when
   * something the value was read from changes.
   */
  dependsOn(value: V): readonly string[];
  /** Checked in memory at each hit, e.g. an API key's expiry against the clock. */
  usable?(value: V, now: number): boolean;
}

export interface CachedLookup<V> {
  /**
   * The value held under `key`, or else what `load` reads from the store (undefined when
   * there is nothing to admit). Only what `load` finds is kept: an unknown, revoked or
   * expired credential is looked up again at every use.
   */
  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
  readonly size: number;
}

/**
 * Lookups served from memory once read, and invalidated through the deny list
 * (oauth/deny-list.ts): a revocation there (`api_key:<id>`, `client:<id>`) or a change entry
 * (`changed:…`) makes every value read from before it stale on this instance at once, and on
 * every other instance when the entry reaches it (Redis fan-out, or the next `sync`).
 */
export interface LookupCaches {
  lookup<V>(spec: LookupSpec<V>): CachedLookup<V>;
  /**
   * Records that what `entry` names changed (`changedEntry`), for the caches of every
   * instance. Called after the change commits, so that no read of the old value can follow it.
   */
  changed(entry: string): Promise<void>;
}

/**
 * A change entry outlives every value that may predate it: one read up to `instanceClockSkew`
 * seconds after the change is served for at most `maxAge`, and a minute more covers the clocks
 * that drop the entry. Credential revocations are kept for `maxAccessTokenTtl`, longer still.
 */
const changeEntryMargin = 60;

/**
 * How much older than its SELECT a read's snapshot may be, in whole seconds: on SQLite, a
 * shared read is at most `maxSnapshotAge` (100 ms) old when a SELECT joins it.
 */
const snapshotAge = 1;

export function createLookupCaches({
  denyList,
  clock,
  bounds = lookupCacheBounds,
}: {
  denyList: Pick<DenyList, 'revoke' | 'revokedAt'>;
  clock: Clock;
  bounds?: CacheBounds;
}): LookupCaches {
  const changeEntryTtl = bounds.maxAge + changeEntryMargin;
  if (changeEntryTtl > maxAccessTokenTtl) {
    throw new Error('a lookup cache may not outlive the revocation of a credential');
  }

  /**
   * Whether a value read at `loadedAt` (this instance's clock, read before the SELECT) may
   * predate a change recorded at `changedAt` (the writer's clock, read after its change
   * committed). The SELECT may see the store as it was up to `snapshotAge` before it ran (on
   * SQLite, the reads of one turn of the event loop share one snapshot: shared-reads.ts). Had
   * the snapshot come first, loadedAt - snapshotAge < changedAt in real time; each clock counts
   * whole seconds (rounded down) and they may differ by up to `instanceClockSkew`, so
   * changedAt >= loadedAt - skew - snapshotAge. Everything that close is reloaded: a few more
   * reads for a few seconds after a change, and never a value served from before it.
   */
  function stale(loadedAt: number, entries: readonly string[]): boolean {
    const since = loadedAt - instanceClockSkew - snapshotAge;
    for (const entry of entries) {
      const changedAt = denyList.revokedAt(entry);
      if (changedAt !== undefined && changedAt >= since) return true;
    }
    return false;
  }

  return {
    lookup<V>(spec: LookupSpec<V>): CachedLookup<V> {
      const cache = createBoundedCache<{ value: V; dependsOn: readonly string[] }>({
        ...bounds,
        clock,
      });
      return {
        async get(key, load) {
          const held = cache.get(key);
          if (
            held !== undefined &&
            !stale(held.storedAt, held.value.dependsOn) &&
            (spec.usable?.(held.value.value, clock.now()) ?? true)
          ) {
            return held.value.value;
          }
          const loadedAt = clock.now();
          const value = await load();
          if (value === undefined) cache.delete(key);
          else {
            const dependsOn = [changedEntry.everything, ...spec.dependsOn(value)];
            cache.set(key, { value, dependsOn }, loadedAt);
          }
          return value;
        },
        get size() {
          return cache.size;
        },
      };
    },
    async changed(entry) {
      await denyList.revoke(entry, clock.now() + changeEntryTtl);
    },
  };
}

/** Every lookup reads the store, and changes are recorded nowhere: a service on its own. */
export const uncachedLookups: LookupCaches = {
  lookup: () => ({ get: (_key, load) => load(), size: 0 }),
  changed: async () => undefined,
};
