/** The small arithmetic every scenario shares: per-operation timing, medians, percentiles, ratios. */

/** Mean wall time per call of `run`, in microseconds, after a warm-up; bounded in count. */
export async function perOperation(
  run: () => Promise<unknown> | unknown,
  iterations: number,
): Promise<number> {
  for (let i = 0; i < Math.max(20, iterations / 10); i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

/** `seconds` of CPU time spread over `answers`, in microseconds an answer. */
export function perAnswer(seconds: number, answers: number): number {
  return (seconds * 1e6) / Math.max(1, answers);
}

/** The middle value; the mean of the two middle ones for an even count; NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2 === 1) return sorted[Math.floor(middle)] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/**
 * The `p`-th percentile (0 < p <= 100) of `values` by the nearest-rank method: the smallest
 * value that at least p % of the values do not exceed. NaN for none.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is in (0, 100], got ${p}`);
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? Number.NaN;
}

/** `value / reference`, or undefined when either is missing or the reference is not positive. */
export function ratioOf(value: number | undefined, reference: number | undefined) {
  if (value === undefined || reference === undefined) return undefined;
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference <= 0) return undefined;
  return value / reference;
}

/** A ratio as the tables show it: `0.42×`; `–` when there is none. */
export function ratio(value: number | undefined, reference?: number): string {
  const r = reference === undefined ? value : ratioOf(value, reference);
  return r === undefined || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`;
}

export function micros(value: number): string {
  return `${value.toFixed(1)} µs`;
}

/** A growing list of numbers (one latency per answer), without an array of boxed values. */
export class Samples {
  private values = new Float64Array(4096);
  private size = 0;

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  percentile(p: number): number {
    return percentile(this.values.subarray(0, this.size), p);
  }
}
