import { describe, expect, it } from 'vitest';
import { createVerifiedTokens } from '../../src/oauth/verified-tokens.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

describe('verified tokens', () => {
  it('answers what it remembered of a token, and nothing of another', () => {
    const remembered = createVerifiedTokens<string>();
    remembered.remember('a.b.c', 'claims of a', 1_000);
    expect(remembered.get('a.b.c', 500)).toBe('claims of a');
    expect(remembered.get('a.b.d', 500)).toBeUndefined();
  });

  it.each(aroundTheLimit)('forgets a token at its time: %s', (_, offset, holds) => {
    const remembered = createVerifiedTokens<string>();
    remembered.remember('a.b.c', 'claims', 1_000);
    expect(remembered.get('a.b.c', 1_000 + offset)).toBe(holds ? 'claims' : undefined);
    expect(remembered.size).toBe(holds ? 1 : 0);
  });

  it('holds at most its bound, forgetting first what it remembered first', () => {
    const remembered = createVerifiedTokens<number>({ maxEntries: 3 });
    for (const n of [1, 2, 3, 4, 5]) remembered.remember(`t.${n}.s`, n, 1_000);
    expect(remembered.size).toBe(3);
    expect([1, 2, 3, 4, 5].map((n) => remembered.get(`t.${n}.s`, 0))).toEqual([
      undefined,
      undefined,
      3,
      4,
      5,
    ]);
  });

  it('counts a token remembered again once, as the newest', () => {
    const remembered = createVerifiedTokens<number>({ maxEntries: 2 });
    remembered.remember('t.1.s', 1, 1_000);
    remembered.remember('t.2.s', 2, 1_000);
    remembered.remember('t.1.s', 10, 2_000);
    expect(remembered.size).toBe(2);
    remembered.remember('t.3.s', 3, 1_000);
    expect(remembered.get('t.1.s', 1_500)).toBe(10);
    expect(remembered.get('t.2.s', 0)).toBeUndefined();
  });

  it('holds 10,000 tokens unless told otherwise', () => {
    const remembered = createVerifiedTokens<number>();
    for (let n = 0; n < 10_001; n += 1) remembered.remember(`t.${n}.s`, n, 1_000);
    expect(remembered.size).toBe(10_000);
    expect(remembered.get('t.0.s', 0)).toBeUndefined();
    expect(remembered.get('t.10000.s', 0)).toBe(10_000);
  });
});
