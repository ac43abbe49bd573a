import type { Options, ScenarioName } from '../options.js';
import type { Placement } from '../servers/affinity.js';
import type { StoreKind } from '../servers/stores.js';

/** What every scenario of a run shares. */
export interface RunContext {
  options: Options;
  /** The run's date and time, which names its results file and profiles. */
  runId: string;
  /** The run's day, as the sections state it (YYYY-MM-DD). */
  date: string;
  /** Where the run's data goes, relative to the repository (bench/results/<runId>.json). */
  resultsFile: string;
  /** The run's working directory: server logs and SQLite stores (removed after the run). */
  workDir: string;
  /** Where CPU profiles go when BENCH_CPU_PROF=1. */
  profilesDir: string;
  /** GATEHOUSE_HASH_KEY and GATEHOUSE_SECRET_KEY of every Gatehouse process of the run. */
  keys: { hash: string; secret: string };
  /** The CPUs of the servers and of the harness (servers/affinity.ts); none: not pinned. */
  placement: Placement | undefined;
  log(line: string): void;
}

/** A chart of one section, written to bench/charts/<file> and shown in the README. */
export interface Chart {
  file: string;
  svg: string;
}

/** What a scenario produced on one store: a section of bench/README.md and its data. */
export interface Section {
  /** The README markers' name, e.g. `issuance-sqlite`. */
  id: string;
  /** Markdown between the markers: tables, notes, the chart's image link. */
  markdown: string;
  chart?: Chart;
  /** Everything measured, for bench/results/<run>.json. */
  data: unknown;
}

export interface Scenario {
  name: ScenarioName;
  /** Whether it runs once per store (SQLite, and PostgreSQL when configured). */
  perStore: boolean;
  /** Runs it; `targets` restricts which targets are measured (BENCH_ONLY). */
  run(context: RunContext, store: StoreKind, targets: readonly string[] | 'all'): Promise<Section>;
}
