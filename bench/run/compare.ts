import { ratioOf } from '../measure.js';
import type { Figures, TargetFigures } from './interleave.js';

/** A target against its reference, figure by figure, in the same run. */
export interface Comparison {
  target: string;
  reference: string;
  /** target ÷ reference of each figure's median: below 1 is less throughput, latency, memory. */
  ratios: { [K in keyof Figures]: number | undefined };
}

/**
 * The comparisons of `pairs` ([target, reference] by name) whose two sides were both
 * measured; a pair left out by BENCH_ONLY is left out here too.
 */
export function compare(
  figures: readonly TargetFigures[],
  pairs: ReadonlyArray<readonly [string, string]>,
): Comparison[] {
  const byName = new Map(figures.map((f) => [f.name, f.median]));
  return pairs.flatMap(([target, reference]) => {
    const t = byName.get(target);
    const r = byName.get(reference);
    if (t === undefined || r === undefined) return [];
    return [
      {
        target,
        reference,
        ratios: {
          rps: ratioOf(t.rps, r.rps),
          p50: ratioOf(t.p50, r.p50),
          p99: ratioOf(t.p99, r.p99),
          peak: ratioOf(t.peak, r.peak),
          cpu: ratioOf(t.cpu, r.cpu),
          loadCpu: ratioOf(t.loadCpu, r.loadCpu),
        },
      },
    ];
  });
}

/** Only the targets `selected` names (all when `all`), in their order. */
export function only<T extends { name: string }>(
  targets: readonly T[],
  selected: readonly string[] | 'all',
): T[] {
  if (selected === 'all') return [...targets];
  const unknown = selected.filter((name) => !targets.some((t) => t.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY names no target ${unknown.join(', ')}; the targets are ` +
        targets.map((t) => t.name).join(', '),
    );
  }
  return targets.filter((t) => selected.includes(t.name));
}
