import { describe, expect, it } from 'vitest';
import { newId, randomBase62, randomBytes, randomToken } from '../../src/lib/random.js';

describe('random values', () => {
  it('hands out each random byte once, across the refills of its block', () => {
    // 17-byte draws, 300 of them: several refills of the 1024-byte block, and draws that
    // straddle one.
    const lengths = [0, 1, 1023, 1024, 3000, 16];
    expect(lengths.map((length) => randomBytes(length).length)).toEqual(lengths);
    const draws = Array.from({ length: 300 }, () => randomBytes(17).toString('hex'));
    expect(new Set(draws).size).toBe(300);
    // A buffer of its own: a later draw does not change one already handed out.
    const first = randomBytes(32);
    const copy = Buffer.from(first);
    randomBytes(4096);
    expect(first.equals(copy)).toBe(true);
  });

  it('draws base62 without modulo bias', () => {
    // 620,000 characters: 10,000 of each expected (σ = 100). Plain `byte % 62` would give
    // the first eight characters a quarter more than the rest, about 12,100 against 9,700.
    const text = randomBase62(620_000);
    expect(text).toMatch(/^[0-9A-Za-z]{620000}$/);
    const counts = new Map<string, number>();
    for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });

  it('makes ids and tokens of the documented shapes', () => {
    expect(newId('at')).toMatch(/^at_[0-9A-Za-z]{16}$/);
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ids = Array.from({ length: 1000 }, () => newId('at'));
    expect(new Set(ids).size).toBe(1000);
  });
});
