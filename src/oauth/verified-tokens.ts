import { hash } from 'node:crypto';
import { setBounded } from '../lib/bounded-cache.js';

/** How many verified tokens an instance remembers: a few megabytes at most. */
export const defaultVerifiedTokenEntries = 10_000;

/**
 * Tokens whose signature and fixed claims were verified once, so that presenting one again
 * costs no signature: what they were found to say, until `until`. Only what cannot change is
 * remembered; whoever reads an entry checks again, in memory, everything that can (the clock,
 * the audience asked for, the deny list).
 *
 * Bounded: past `maxEntries`, the entry remembered first is forgotten (a Map keeps its keys
 * in insertion order, so that is O(1)). Keyed by a SHA-256 digest of the token, so that the
 * cache holds no bearer credential.
 */
export interface VerifiedTokens<T> {
  get(token: string, now: number): T | undefined;
  remember(token: string, value: T, until: number): void;
  readonly size: number;
}

export function createVerifiedTokens<T>({
  maxEntries = defaultVerifiedTokenEntries,
}: { maxEntries?: number } = {}): VerifiedTokens<T> {
  const entries = new Map<string, { value: T; until: number }>();
  const keyOf = (token: string) => hash('sha256', token, 'base64url');

  return {
    get(token, now) {
      const key = keyOf(token);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (now >= entry.until) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    remember(token, value, until) {
      setBounded(entries, keyOf(token), { value, until }, maxEntries);
    },
    get size() {
      return entries.size;
    },
  };
}
