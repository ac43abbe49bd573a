import { describe, expect, it } from 'vitest';
import type { Load, Measured } from '../../bench/load/drive.js';
import { RoundFailure } from '../../bench/load/round-check.js';
import { compare, only } from '../../bench/run/compare.js';
import {
  interleave,
  medianFigures,
  ranOut,
  roundOrder,
  type Target,
} from '../../bench/run/interleave.js';

const schedule = { rounds: 3, seconds: 5, warmup: 1, connections: 10 };

/**
 * A target whose load is its name, on a server whose peak grows by 1 MiB a round and which
 * spends 0.5 s more CPU time each time it is asked.
 */
function target(name: string, calls: string[], pooled = false): Target {
  let peak = 100 * 2 ** 20;
  let cpu = 0;
  return {
    name,
    label: name.toUpperCase(),
    server: {
      resetPeak: () => {
        calls.push(`reset ${name}`);
        return true;
      },
      memory: () => ({ peak: (peak += 2 ** 20) }),
      cpuSeconds: () => (cpu += 0.5),
    },
    load: async (requests) => {
      calls.push(`load ${name} ${requests}`);
      return {
        port: 1,
        request: { method: 'GET', path: `/${name}`, headers: {} },
        ...(pooled ? { amount: requests } : {}),
      };
    },
  };
}

/** A load generator that answers `rates[path]` in turn, one per call. */
function fakeDrive(rates: Record<string, number[]>, calls: string[]) {
  return async (what: string, load: Load, settings: { seconds: number }): Promise<Measured> => {
    calls.push(`drive ${what}`);
    const rps = rates[load.request.path]?.shift() ?? 100;
    const answers = Math.min(rps * settings.seconds, load.amount ?? Infinity);
    return {
      answers,
      seconds: answers / rps,
      rps,
      p50: 1000 / rps,
      p99: 2000 / rps,
      loadCpu: 10,
    };
  };
}

describe('interleaved rounds', () => {
  it('start each round one target further along', () => {
    expect(roundOrder(3, 0)).toEqual([0, 1, 2]);
    expect(roundOrder(3, 1)).toEqual([1, 2, 0]);
    expect(roundOrder(3, 2)).toEqual([2, 0, 1]);
    expect(roundOrder(3, 3)).toEqual([0, 1, 2]);
  });

  it('warm every target up once, then measure them round by round; each figure is a median', async () => {
    const calls: string[] = [];
    const rates = { '/a': [50, 100, 300, 200], '/b': [10, 20, 40, 30] };
    const figures = await interleave(
      'demo',
      [target('a', calls), target('b', calls)],
      schedule,
      fakeDrive(rates, calls),
    );
    expect(calls.filter((c) => c.startsWith('drive'))).toEqual([
      'drive demo a (warm-up)',
      'drive demo b (warm-up)',
      'drive demo a (round 1/3)',
      'drive demo b (round 1/3)',
      'drive demo b (round 2/3)',
      'drive demo a (round 2/3)',
      'drive demo a (round 3/3)',
      'drive demo b (round 3/3)',
    ]);
    expect(figures.map((f) => [f.name, f.label, f.rounds.map((r) => r.rps)])).toEqual([
      ['a', 'A', [100, 300, 200]],
      ['b', 'B', [20, 40, 30]],
    ]);
    // 0.5 s of the server's CPU in each round, over its 500, 1,500 and 1,000 answers.
    expect(figures[0]?.rounds.map((r) => r.cpu)).toEqual([1000, 1000 / 3, 500]);
    expect(figures[0]?.median).toEqual({
      rps: 200,
      p50: 5,
      p99: 10,
      peak: 102 * 2 ** 20,
      cpu: 500,
      loadCpu: 10,
    });
  });

  it('size a pool by the best rate seen so far, and run a round again whose pool ran out early', async () => {
    const calls: string[] = [];
    // The warm-up sees 100 req/s; the first round reaches 1000 and spends its pool in 1 s.
    const rates = { '/p': [100, 1000, 1000, 1000, 1000] };
    const figures = await interleave(
      'demo',
      [target('p', calls, true)],
      schedule,
      fakeDrive(rates, calls),
    );
    expect(calls.filter((c) => c.startsWith('load'))).toEqual([
      'load p 1010',
      'load p 1010',
      'load p 6510',
      'load p 6510',
      'load p 6510',
    ]);
    expect(figures[0]?.rounds.map((r) => r.answers)).toEqual([5000, 5000, 5000]);
  });

  it('tell a pool that ran out early from one that lasted', () => {
    const measured = { answers: 1010, seconds: 1.01, rps: 1000, p50: 1, p99: 2, loadCpu: 9 };
    expect(ranOut(1010, measured, 5)).toBe(true);
    expect(ranOut(undefined, measured, 5)).toBe(false);
    expect(ranOut(1010, { ...measured, seconds: 4.6 }, 5)).toBe(false);
    expect(ranOut(1100, measured, 5)).toBe(false);
  });

  it('end at the first round that does not count', async () => {
    const calls: string[] = [];
    const failing = async (what: string): Promise<Measured> => {
      calls.push(what);
      if (what.includes('round 1')) throw new RoundFailure(`${what}: the round does not count`);
      return { answers: 1, seconds: 1, rps: 1, p50: 1, p99: 1, loadCpu: 1 };
    };
    await expect(interleave('demo', [target('a', [])], schedule, failing)).rejects.toThrow(
      'demo a (round 1/3): the round does not count',
    );
    expect(calls).toEqual(['demo a (warm-up)', 'demo a (round 1/3)']);
  });

  it('take medians of every figure', () => {
    const round = (rps: number, peak: number) => ({
      answers: 1,
      seconds: 1,
      rps,
      p50: rps / 10,
      p99: rps / 5,
      peak,
      cpu: 1000 / rps,
      loadCpu: 2000 / rps,
    });
    expect(medianFigures([round(10, 3), round(40, 1), round(20, 2)])).toEqual({
      rps: 20,
      p50: 2,
      p99: 4,
      peak: 2,
      cpu: 50,
      loadCpu: 100,
    });
  });
});

describe('comparisons', () => {
  const figures = ['a', 'b'].map((name, i) => ({
    name,
    label: name,
    rounds: [],
    median: {
      rps: (i + 1) * 100,
      p50: (i + 1) * 2,
      p99: (i + 1) * 10,
      peak: 50,
      cpu: (i + 1) * 40,
      loadCpu: 30,
    },
  }));

  it('divide each median of a target by its reference’s', () => {
    expect(compare(figures, [['a', 'b']])).toEqual([
      {
        target: 'a',
        reference: 'b',
        ratios: { rps: 0.5, p50: 0.5, p99: 0.5, peak: 1, cpu: 0.5, loadCpu: 1 },
      },
    ]);
  });

  it('leave out a pair whose target or reference was not measured', () => {
    expect(
      compare(figures, [
        ['a', 'c'],
        ['c', 'b'],
      ]),
    ).toEqual([]);
  });

  it('keep the targets BENCH_ONLY names, and refuse a name that is none', () => {
    expect(only(figures, ['b']).map((f) => f.name)).toEqual(['b']);
    expect(only(figures, 'all').map((f) => f.name)).toEqual(['a', 'b']);
    expect(() => only(figures, ['c'])).toThrow(
      'BENCH_ONLY names no target c; the targets are a, b',
    );
  });
});
