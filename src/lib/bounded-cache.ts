import type { Clock } from './clock.js';

/** How much a cache may hold: this many entries at most, none older than `maxAge` seconds. */
export interface CacheBounds {
  maxEntries: number;
  maxAge: number;
}

/** A value and when it was stored (seconds since the epoch, as the caller counts it). */
export interface CacheEntry<V> {
  value: V;
  storedAt: number;
}

/**
 * A map of at most `maxEntries` entries, none served once `maxAge` seconds old. When full, a
 * new key evicts the entry stored longest ago: a `Map` iterates in insertion order, and a key
 * stored again is moved to the end, so the first key is always the oldest, and evicting it is
 * O(1). Oldest-stored rather than least-recently-used, so that a hit writes nothing; the age
 * bound recycles every entry anyway.
 */
export interface BoundedCache<V> {
  /** The entry under `key` unless it is older than `maxAge` (an old one is dropped). */
  get(key: string): CacheEntry<V> | undefined;
  set(key: string, value: V, storedAt: number): void;
  delete(key: string): void;
  readonly size: number;
}

export function createBoundedCache<V>({
  maxEntries,
  maxAge,
  clock,
}: CacheBounds & { clock: Clock }): BoundedCache<V> {
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new Error('a bounded cache holds at least one entry');
  }
  const entries = new Map<string, CacheEntry<V>>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (clock.now() - entry.storedAt >= maxAge) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, value, storedAt) {
      setBounded(entries, key, { value, storedAt }, maxEntries);
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * Stores `value` under `key` as the newest entry of `entries`, first evicting the oldest when
 * `maxEntries` are held: a `Map` iterates in insertion order, so eviction is O(1).
 */
export function setBounded<K, V>(entries: Map<K, V>, key: K, value: V, maxEntries: number): void {
  entries.delete(key);
  if (entries.size >= maxEntries) {
    const oldest = entries.keys().next();
    if (oldest.done !== true) entries.delete(oldest.value);
  }
  entries.set(key, value);
}
