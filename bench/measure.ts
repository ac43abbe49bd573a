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

export function ratio(value: number, reference: number): string {
  return `${(value / reference).toFixed(2)}×`;
}

export function micros(value: number): string {
  return `${value.toFixed(1)} µs`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
