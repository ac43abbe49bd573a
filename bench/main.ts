import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOptions, type Options } from './options.js';
import { summariseProfiles } from './report/profile.js';
import { rewriteReadme } from './report/readme.js';
import { crypto } from './scenarios/crypto.js';
import { flows } from './scenarios/flows.js';
import { issuance } from './scenarios/issuance.js';
import { keyed } from './scenarios/keyed.js';
import { scale } from './scenarios/scale.js';
import type { RunContext, Scenario, Section } from './scenarios/scenario.js';
import { secret } from './scenarios/secret.js';
import { pin, placement, type Placement } from './servers/affinity.js';
import { stopAll } from './servers/children.js';
import { dropAll, type StoreKind } from './servers/stores.js';

/**
 * `npm run bench`: runs the scenarios BENCH_ONLY names (all by default) on SQLite, and the
 * server scenarios on PostgreSQL too when BENCH_DATABASE_URL is set; writes every figure to
 * bench/results/<run>.json, the charts to bench/charts/, and the tables into the README's
 * marked sections. A failed round ends the run with nothing written (bench/README.md).
 */
const scenarios: readonly Scenario[] = [issuance, keyed, flows, scale, crypto, secret];

// This file runs as bench/.build/bench/main.js.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const benchDir = join(root, 'bench');

const options = readOptions(process.env);
/**
 * The code this run measures, read as it starts, just after `npm run bench` compiled it: an
 * edit made while the run goes on is not in it. Uncommitted changes are those to code (`src/`,
 * `bench/`), not to what runs write (results, charts, the READMEs).
 */
const measuredSource = (() => {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  return {
    commit: git('rev-parse', 'HEAD'),
    uncommittedChanges:
      git(
        'status',
        '--porcelain',
        '--',
        'src',
        'bench',
        ':(exclude)bench/results',
        ':(exclude)bench/charts',
        ':(exclude)bench/*.md',
      ).length > 0,
  };
})();
const started = new Date();
const runId = started
  .toISOString()
  .replace(/:/g, '-')
  .replace(/\.\d+Z$/, 'Z');
const workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
const context: RunContext = {
  options,
  runId,
  date: started.toISOString().slice(0, 10),
  resultsFile: `bench/results/${runId}.json`,
  workDir,
  profilesDir: join(benchDir, 'results', 'profiles'),
  keys: { hash: randomBytes(32).toString('hex'), secret: randomBytes(32).toString('hex') },
  // The servers started later are moved to their CPU as they start (servers/processes.ts).
  placement: options.pin ? pinHarness(placement(cpus().length)) : undefined,
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
};
mkdirSync(context.profilesDir, { recursive: true });

process.once('SIGINT', () => {
  console.error('interrupted: stopping the servers');
  void finish(130);
});

try {
  const stores: StoreKind[] = ['sqlite', ...(options.databaseUrl ? ['postgres' as const] : [])];
  const sections: Section[] = [];
  context.log(`run ${runId}; logs and stores in ${workDir}`);
  for (const { scenario: name, targets } of options.only) {
    const scenario = scenarios.find((s) => s.name === name);
    if (scenario === undefined) continue;
    for (const store of scenario.perStore ? stores : ['sqlite' as const]) {
      context.log(`${name}${scenario.perStore ? ` on ${store}` : ''}`);
      sections.push(await scenario.run(context, store, targets));
    }
  }
  await record(sections);
  if (options.cpuProfile) await summariseProfiles(context.profilesDir, runId, root, context.log);
  await finish(0);
} catch (error) {
  console.error(error instanceof Error ? describeError(error) : error);
  console.error(`nothing was recorded; the servers' logs are in ${workDir}`);
  options.keep = true;
  await finish(1);
}

async function record(sections: readonly Section[]): Promise<void> {
  const results = join(root, context.resultsFile);
  await writeFile(
    results,
    `${JSON.stringify({ run: describeRun(options), sections: sections.map(({ id, data }) => ({ id, data })) }, null, 2)}\n`,
  );
  mkdirSync(join(benchDir, 'charts'), { recursive: true });
  for (const { chart } of sections) {
    if (chart !== undefined) await writeFile(join(benchDir, 'charts', chart.file), chart.svg);
  }
  await rewriteReadme(join(benchDir, 'README.md'), sections);
  context.log(`recorded ${context.resultsFile}, bench/charts/ and bench/README.md`);
}

function describeRun(opts: Options) {
  return {
    id: runId,
    ...measuredSource,
    node: process.version,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memory: totalmem(),
      kernel: release(),
    },
    placement: context.placement ?? null,
    options: { ...opts, databaseUrl: opts.databaseUrl?.replace(/:[^:@/]*@/, ':***@') },
  };
}

/** An error and its causes (`fetch failed` says why only in its cause). */
function describeError(error: Error): string {
  const cause = error.cause instanceof Error ? `\n  caused by ${describeError(error.cause)}` : '';
  return `${error.name}: ${error.message}${cause}`;
}

async function finish(code: number): Promise<never> {
  await stopAll();
  await dropAll().catch((error: unknown) => console.error('dropping the databases failed:', error));
  if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}

/** Moves this process (the harness and its load generator) to its CPUs; none if it cannot. */
function pinHarness(chosen: Placement | undefined): Placement | undefined {
  return chosen !== undefined && pin(process.pid, chosen.load) ? chosen : undefined;
}
