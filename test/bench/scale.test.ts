import { describe, expect, it } from 'vitest';
import { beyondCache, sizeName } from '../../bench/scenarios/scale.js';

describe('the scale scenario', () => {
  it('names each size as the tables show it', () => {
    expect([10_000, 100_000, 1_000_000, 2_500, 1_500_000].map(sizeName)).toEqual([
      '10k',
      '100k',
      '1M',
      '2500',
      '1500k',
    ]);
  });

  it('counts first-seen keys as store lookups only when its sample outgrows the key cache', () => {
    // The key cache keeps the newest 10,000 keys it verified (store/lookup-cache.ts).
    expect(beyondCache(10_000)).toBe(false);
    expect(beyondCache(10_001)).toBe(true);
    expect(beyondCache(100_000)).toBe(true);
  });
});
