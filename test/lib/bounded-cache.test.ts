import { describe, expect, it } from 'vitest';
import { createBoundedCache } from '../../src/lib/bounded-cache.js';
import { createFixedClock } from '../../src/lib/clock.js';

describe('a bounded cache', () => {
  const bounded = (maxEntries: number, maxAge = 300) => {
    const clock = createFixedClock();
    return { clock, cache: createBoundedCache<string>({ maxEntries, maxAge, clock }) };
  };

  it('keeps the maximum number of entries when filled past it, evicting the oldest stored', () => {
    const { clock, cache } = bounded(10);
    for (let i = 0; i < 25; i++) cache.set(`k${i}`, `v${i}`, clock.now());
    expect(cache.size).toBe(10);
    expect(cache.get('k14')).toBeUndefined();
    expect(cache.get('k15')).toEqual({ value: 'v15', storedAt: clock.now() });
    expect(cache.get('k24')).toEqual({ value: 'v24', storedAt: clock.now() });
  });

  it('counts a key stored again as the youngest, and once', () => {
    const { clock, cache } = bounded(3);
    cache.set('a', '1', clock.now());
    cache.set('b', '2', clock.now());
    cache.set('c', '3', clock.now());
    cache.set('a', '4', clock.now());
    expect(cache.size).toBe(3);
    cache.set('d', '5', clock.now());
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.value).toBe('4');
    expect(cache.get('c')?.value).toBe('3');
    expect(cache.get('d')?.value).toBe('5');
  });

  it('serves an entry until it is maxAge old, then drops it', () => {
    const { clock, cache } = bounded(3, 300);
    cache.set('a', '1', clock.now());
    clock.advance(299);
    expect(cache.get('a')?.value).toBe('1');
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('ages an entry from when it says it was stored', () => {
    const { clock, cache } = bounded(3, 300);
    cache.set('a', '1', clock.now() - 299);
    expect(cache.get('a')?.value).toBe('1');
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets a deleted entry', () => {
    const { clock, cache } = bounded(3);
    cache.set('a', '1', clock.now());
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a bound of %s entries', (maxEntries) => {
    const clock = createFixedClock();
    expect(() => createBoundedCache({ maxEntries, maxAge: 300, clock })).toThrow(
      'a bounded cache holds at least one entry',
    );
  });
});
