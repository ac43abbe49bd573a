import { describe, expect, it } from 'vitest';
import { chain, pool } from '../../bench/load/feeds.js';

describe('feeds', () => {
  it('hand out each value of a pool once, then count who found none', () => {
    const codes = pool(['a', 'b']);
    expect([codes.take(), codes.take()]).toEqual(['a', 'b']);
    expect(codes.left).toBe(0);
    expect(codes.starved).toBe(0);
    codes.take();
    expect(codes.starved).toBe(1);
  });

  it('hand out a chain’s first values, then what the answers gave back', () => {
    const tokens = chain(['t1', 't2']);
    expect(tokens.take()).toBe('t1');
    tokens.give('t1-next');
    expect([tokens.take(), tokens.take()]).toEqual(['t2', 't1-next']);
    expect(tokens.starved).toBe(0);
    tokens.take();
    expect(tokens.starved).toBe(1);
  });
});
