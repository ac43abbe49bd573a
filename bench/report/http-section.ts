import type { Comparison } from '../run/compare.js';
import type { Schedule, TargetFigures } from '../run/interleave.js';
import type { RunContext, Section } from '../scenarios/scenario.js';
import { ratio } from '../measure.js';
import {
  mebibytes,
  microseconds,
  millis,
  perSecond,
  provenance,
  roundsOf,
  table,
} from './markdown.js';
import { barChart } from './svg.js';

const storeNames = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/**
 * The section of an HTTP scenario on one store: each target's medians (and its throughput
 * in every round, to show the spread), each comparison as ratios, and a chart of the
 * throughputs. `references` are drawn grey.
 */
export function httpSection({
  id,
  title,
  context,
  store,
  schedule,
  figures,
  comparisons,
  references,
  more = '',
  data = {},
}: {
  id: string;
  title: string;
  context: Pick<RunContext, 'date' | 'resultsFile'>;
  store: keyof typeof storeNames;
  schedule: Schedule;
  figures: readonly TargetFigures[];
  comparisons: readonly Comparison[];
  references: ReadonlySet<string>;
  /** Markdown after the tables (a scenario's own figures). */
  more?: string;
  /** A scenario's own data, kept with the figures in the results file. */
  data?: Record<string, unknown>;
}): Section {
  const label = (name: string) => figures.find((f) => f.name === name)?.label ?? name;
  const medians = table(
    [
      'target',
      'req/s',
      'p50',
      'p99',
      'peak RSS',
      'server CPU / answer',
      'load CPU / answer',
      'req/s by round',
    ],
    figures.map((f) => [
      label(f.name),
      perSecond(f.median.rps),
      millis(f.median.p50),
      millis(f.median.p99),
      mebibytes(f.median.peak),
      microseconds(f.median.cpu),
      microseconds(f.median.loadCpu),
      f.rounds.map((r) => perSecond(r.rps)).join(', '),
    ]),
  );
  const ratios = table(
    ['ratio (same run)', 'req/s', 'p50', 'p99', 'peak RSS', 'server CPU / answer'],
    comparisons.map((c) => [
      `${label(c.target)} ÷ ${label(c.reference)}`,
      ratio(c.ratios.rps),
      ratio(c.ratios.p50),
      ratio(c.ratios.p99),
      ratio(c.ratios.peak),
      ratio(c.ratios.cpu),
    ]),
  );
  const chartTitle = `${title}, ${storeNames[store]}: requests per second (medians)`;
  const chart = {
    file: `${id}.svg`,
    svg: barChart({
      title: chartTitle,
      bars: figures.map((f) => ({
        label: label(f.name),
        value: f.median.rps,
        text: `${perSecond(f.median.rps)} req/s`,
        reference: references.has(f.name),
      })),
    }),
  };
  const markdown = [
    provenance({
      ...context,
      store: storeNames[store],
      how: roundsOf(
        schedule.rounds,
        `${schedule.seconds} s with ${schedule.connections} connections`,
      ),
    }),
    medians,
    comparisons.length > 0 ? ratios : '',
    more,
    `![${chartTitle}](charts/${chart.file})`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return {
    id,
    markdown,
    chart,
    data: { store, schedule, targets: figures, comparisons, ...data },
  };
}
