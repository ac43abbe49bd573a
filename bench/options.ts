/** The scenarios of `npm run bench`, in the order a run takes them. */
export const scenarioNames = ['issuance', 'keyed', 'flows', 'scale', 'crypto', 'secret'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface Options {
  /** Seconds of load per target and round (BENCH_DURATION). */
  duration: number;
  /** Rounds per scenario; each target's figures are the medians (BENCH_ROUNDS). */
  rounds: number;
  /** Seconds of load per target before the first round, not recorded (BENCH_WARMUP). */
  warmup: number;
  /** Concurrent keep-alive connections of the load generator (BENCH_CONNECTIONS). */
  connections: number;
  /** The scenarios to run, and within one the targets, by name (BENCH_ONLY). */
  only: { scenario: ScenarioName; targets: string[] | 'all' }[];
  /** The numbers of stored API keys of the `scale` scenario (BENCH_SCALE). */
  scale: number[];
  /** Operations per measurement of the crypto and secret scenarios (BENCH_ITERATIONS). */
  iterations: number;
  /** PostgreSQL to run the server scenarios on as well (BENCH_DATABASE_URL). */
  databaseUrl: string | undefined;
  /** Each server, references included, writes a CPU profile into bench/results/profiles. */
  cpuProfile: boolean;
  /** Keep the run's working directory (server logs, SQLite stores) (BENCH_KEEP=1). */
  keep: boolean;
  /** Servers on one CPU and the harness on the others (BENCH_PIN, on unless 0). */
  pin: boolean;
}

type Env = Record<string, string | undefined>;

/** Reads the BENCH_* variables; a wrong value is refused with what is allowed. */
export function readOptions(env: Env): Options {
  return {
    duration: number(env, 'BENCH_DURATION', 5, 0.5, 600),
    rounds: number(env, 'BENCH_ROUNDS', 3, 1, 50, true),
    warmup: number(env, 'BENCH_WARMUP', 2, 0, 600),
    connections: number(env, 'BENCH_CONNECTIONS', 50, 1, 1000, true),
    only: only(env.BENCH_ONLY),
    scale: scale(env.BENCH_SCALE),
    iterations: number(env, 'BENCH_ITERATIONS', 1000, 10, 1_000_000, true),
    databaseUrl: databaseUrl(env.BENCH_DATABASE_URL),
    cpuProfile: flag(env, 'BENCH_CPU_PROF'),
    keep: flag(env, 'BENCH_KEEP'),
    pin: env.BENCH_PIN === undefined || env.BENCH_PIN === '' || flag(env, 'BENCH_PIN'),
  };
}

/** Whether `options` runs `scenario`, and which of its targets (`all`, or by name). */
export function selected(options: Pick<Options, 'only'>, scenario: ScenarioName) {
  const found = options.only.find((entry) => entry.scenario === scenario);
  return found?.targets;
}

function number(env: Env, name: string, fallback: number, min: number, max: number, whole = false) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    const kind = whole ? 'a whole number' : 'a number';
    throw new Error(`${name} must be ${kind} from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}

function only(raw: string | undefined): Options['only'] {
  if (raw === undefined || raw.trim() === '') {
    return scenarioNames.map((scenario) => ({ scenario, targets: 'all' as const }));
  }
  const entries: Options['only'] = [];
  for (const item of raw.split(',').map((part) => part.trim())) {
    const [scenario = '', target] = item.split('/');
    const name = scenarioNames.find((known) => known === scenario);
    if (name === undefined || target === '') {
      throw new Error(
        `BENCH_ONLY is a comma-separated list of ${scenarioNames.join(', ')}, each ` +
          `optionally with /<target> (e.g. keyed/partly), got "${item}"`,
      );
    }
    const entry = entries.find((e) => e.scenario === name);
    if (target === undefined) {
      if (entry === undefined) entries.push({ scenario: name, targets: 'all' });
      else entry.targets = 'all';
    } else if (entry === undefined) {
      entries.push({ scenario: name, targets: [target] });
    } else if (entry.targets !== 'all') {
      entry.targets.push(target);
    }
  }
  // In the order a full run takes them, whatever order they were named in.
  return scenarioNames.flatMap((scenario) => entries.filter((e) => e.scenario === scenario));
}

function scale(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return [10_000, 100_000, 1_000_000];
  const sizes = raw.split(',').map((part) => part.trim());
  if (!sizes.every((size) => /^\d{1,8}$/.test(size) && Number(size) >= 1)) {
    throw new Error(`BENCH_SCALE is a comma-separated list of key counts, got "${raw}"`);
  }
  return [...new Set(sizes.map(Number))].sort((a, b) => a - b);
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new Error('BENCH_DATABASE_URL must be a postgres:// URL');
  }
  return raw;
}
