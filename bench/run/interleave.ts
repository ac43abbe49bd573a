import type { Load, Measured } from '../load/drive.js';
import { median, perAnswer } from '../measure.js';

/** A process whose peak resident set and CPU time a round reads (bench/servers/children.ts). */
export interface Measurable {
  resetPeak(): boolean;
  memory(): { peak: number };
  /** CPU time used so far, in seconds, all threads. */
  cpuSeconds(): number;
}

/** One thing measured: a request against one server. */
export interface Target {
  /** Unique within the scenario; what BENCH_ONLY names (e.g. `partly-off`). */
  name: string;
  /** What the tables call it. */
  label: string;
  server: Measurable;
  /**
   * What to send in a round that may make up to `requests` requests: for a target that
   * spends values, the feed is prepared here, `requests` of them, before the round starts.
   */
  load(requests: number): Promise<Load>;
}

export interface RoundFigures extends Measured {
  /** Peak resident set of the server during the round, in bytes. */
  peak: number;
  /**
   * CPU time of the server per answer during the round, in microseconds, all its threads:
   * what an answer costs the server, a figure the load generator's share of the machine
   * moves far less than throughput.
   */
  cpu: number;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  peak: number;
  cpu: number;
  loadCpu: number;
}

export interface TargetFigures {
  name: string;
  label: string;
  rounds: RoundFigures[];
  /** The median of each figure over the rounds. */
  median: Figures;
}

export interface Schedule {
  rounds: number;
  seconds: number;
  warmup: number;
  connections: number;
}

type Drive = (
  what: string,
  load: Load,
  settings: { seconds: number; connections: number },
) => Promise<Measured>;

/** Requests a pool gets for a warm-up, per second of it, before any rate is known. */
const warmupRequestsPerSecond = 1000;
/**
 * A pool holds this much more than the best rate seen asks for: more after the warm-up
 * alone, whose rate a cold server keeps low, than once a round has been measured.
 */
const poolMargin = { warmedUp: 2, measured: 1.3 };
const largestPool = 300_000;

/**
 * The order of the targets in round `round` (from 0): each round starts one further along,
 * so that no target always runs first (after an idle pause) or last.
 */
export function roundOrder(count: number, round: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + round) % count);
}

/** The medians of a target's rounds. */
export function medianFigures(rounds: readonly RoundFigures[]): Figures {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    peak: median(rounds.map((r) => r.peak)),
    cpu: median(rounds.map((r) => r.cpu)),
    loadCpu: median(rounds.map((r) => r.loadCpu)),
  };
}

/**
 * Warms every target up once, then measures them round by round, interleaved, so that drift
 * of the machine (other work, thermal state, a growing store) falls on all of them alike.
 * A failed round (round-check.ts) ends the whole measurement.
 */
export async function interleave(
  scenario: string,
  targets: readonly Target[],
  schedule: Schedule,
  drive: Drive,
  log: (line: string) => void = () => undefined,
): Promise<TargetFigures[]> {
  const settings = (seconds: number) => ({ seconds, connections: schedule.connections });
  const expected = new Map<string, number>();
  const measuredOnce = new Set<string>();
  for (const target of targets) {
    if (schedule.warmup <= 0) break;
    const budget = Math.ceil(warmupRequestsPerSecond * schedule.warmup) + schedule.connections;
    const load = await target.load(budget);
    const warm = await drive(
      `${scenario} ${target.name} (warm-up)`,
      load,
      settings(schedule.warmup),
    );
    expected.set(target.name, warm.rps);
  }
  const rounds = new Map<string, RoundFigures[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < schedule.rounds; round++) {
    for (const index of roundOrder(targets.length, round)) {
      const target = targets[index];
      if (target === undefined) continue;
      const what = `${scenario} ${target.name} (round ${round + 1}/${schedule.rounds})`;
      for (let attempt = 1; ; attempt++) {
        const rate = expected.get(target.name) ?? warmupRequestsPerSecond;
        const margin = measuredOnce.has(target.name) ? poolMargin.measured : poolMargin.warmedUp;
        const requests = Math.min(
          largestPool,
          Math.ceil(rate * schedule.seconds * margin) + schedule.connections,
        );
        const load = await target.load(requests);
        target.server.resetPeak();
        const serverCpu = target.server.cpuSeconds();
        const measured = await drive(what, load, settings(schedule.seconds));
        const cpu = perAnswer(target.server.cpuSeconds() - serverCpu, measured.answers);
        expected.set(target.name, Math.max(rate, measured.rps));
        measuredOnce.add(target.name);
        // A pool that ran out well before the time was up (the warm-up's rate was low): the
        // round is run again with a pool sized by the rate it reached.
        if (ranOut(load.amount, measured, schedule.seconds) && attempt < 3) {
          log(
            `${what}: its ${load.amount} values ran out after ${measured.seconds.toFixed(1)} s; again`,
          );
          continue;
        }
        const figures = {
          ...measured,
          peak: target.server.memory().peak,
          cpu,
        };
        rounds.get(target.name)?.push(figures);
        log(`${what}: ${describe(figures)}`);
        break;
      }
    }
  }
  return targets.map((target) => {
    const measured = rounds.get(target.name) ?? [];
    return {
      name: target.name,
      label: target.label,
      rounds: measured,
      median: medianFigures(measured),
    };
  });
}

/** Whether a round with a pool of `amount` values ended for want of them, early. */
export function ranOut(amount: number | undefined, measured: Measured, seconds: number): boolean {
  return amount !== undefined && measured.answers >= amount && measured.seconds < 0.9 * seconds;
}

function describe(f: RoundFigures): string {
  return (
    `${f.rps.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ` +
    `peak RSS ${(f.peak / 2 ** 20).toFixed(0)} MiB, CPU ${f.cpu.toFixed(0)} µs an answer ` +
    `(load generator ${f.loadCpu.toFixed(0)} µs) (${f.answers} answers in ${f.seconds.toFixed(1)} s)`
  );
}
