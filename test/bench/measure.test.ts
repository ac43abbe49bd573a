import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, ratioOf, Samples } from '../../bench/measure.js';

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });
});

describe('percentile', () => {
  const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];

  it('takes the nearest rank: the smallest value that p % of the values do not exceed', () => {
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(100);
    expect(percentile(values, 10)).toBe(10);
    expect(percentile(values, 11)).toBe(20);
    expect(percentile(values, 100)).toBe(100);
  });

  it('is NaN for no values, and refuses a p outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(values, 0)).toThrow('a percentile is in (0, 100], got 0');
    expect(() => percentile(values, 101)).toThrow('a percentile is in (0, 100], got 101');
  });
});

describe('ratios', () => {
  it('divide a figure by its reference', () => {
    expect(ratioOf(300, 1200)).toBe(0.25);
  });

  it('are undefined when a side is missing or the reference is not positive', () => {
    expect(ratioOf(undefined, 1)).toBeUndefined();
    expect(ratioOf(1, undefined)).toBeUndefined();
    expect(ratioOf(1, 0)).toBeUndefined();
    expect(ratioOf(Number.NaN, 1)).toBeUndefined();
  });

  it('are shown with two decimals, and a dash when there is none', () => {
    expect(ratio(1, 3)).toBe('0.33×');
    expect(ratio(2.5)).toBe('2.50×');
    expect(ratio(1, 0)).toBe('–');
    expect(ratio(undefined)).toBe('–');
  });
});

describe('Samples', () => {
  it('keeps every value past its first allocation, for the percentiles', () => {
    const samples = new Samples();
    for (let i = 1; i <= 10_000; i++) samples.push(i);
    expect(samples.length).toBe(10_000);
    expect(samples.percentile(50)).toBe(5_000);
    expect(samples.percentile(99)).toBe(9_900);
  });
});
