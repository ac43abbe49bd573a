import { describe, expect, it } from 'vitest';
import { millis, provenance, roundsOf, table } from '../../bench/report/markdown.js';
import { httpSection } from '../../bench/report/http-section.js';
import { describeSelfTime, topSelfTime } from '../../bench/report/profile.js';
import { parseCpuSeconds, parseStatus } from '../../bench/servers/memory.js';

describe('the Markdown of a section', () => {
  it('is a GitHub table, pipes in cells escaped', () => {
    expect(table(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
  });

  it('says when, on what and how the figures were measured, and where the data is', () => {
    expect(
      provenance({
        date: '2026-12-02',
        resultsFile: 'bench/results/run.json',
        store: 'SQLite',
        how: roundsOf(3, '5 s with 50 connections'),
      }),
    ).toBe(
      '_2026-12-02, SQLite, 3 interleaved rounds of 5 s with 50 connections, medians; data: `bench/results/run.json`._',
    );
    expect(roundsOf(1, '200 operations')).toBe('1 interleaved round of 200 operations, medians');
    expect(millis(4.256)).toBe('4.26 ms');
    expect(millis(42.56)).toBe('42.6 ms');
  });

  it('of an HTTP scenario gives the medians, the ratios and the chart', () => {
    const round = (rps: number) => ({
      answers: rps * 5,
      seconds: 5,
      rps,
      p50: 10,
      p99: 40,
      peak: 2 ** 27,
      cpu: 150,
      loadCpu: 90,
    });
    const figures = [
      {
        name: 'gatehouse',
        label: 'Gatehouse',
        rounds: [round(900), round(1000), round(800)],
        median: { rps: 900, p50: 10, p99: 40, peak: 2 ** 27, cpu: 150, loadCpu: 90 },
      },
      {
        name: 'floor',
        label: 'floor',
        rounds: [round(3600)],
        median: { rps: 3600, p50: 2.5, p99: 8, peak: 2 ** 26, cpu: 60.4, loadCpu: 45 },
      },
    ];
    const section = httpSection({
      id: 'issuance-sqlite',
      title: 'issuance',
      context: { date: '2026-12-02', resultsFile: 'bench/results/run.json' },
      store: 'sqlite',
      schedule: { rounds: 3, seconds: 5, warmup: 2, connections: 50 },
      figures,
      comparisons: [
        {
          target: 'gatehouse',
          reference: 'floor',
          ratios: { rps: 0.25, p50: 4, p99: 5, peak: 2, cpu: 2.5, loadCpu: 2 },
        },
      ],
      references: new Set(['floor']),
    });
    expect(section.markdown).toBe(
      [
        '_2026-12-02, SQLite, 3 interleaved rounds of 5 s with 50 connections, medians; data: `bench/results/run.json`._',
        '| target | req/s | p50 | p99 | peak RSS | server CPU / answer | load CPU / answer | req/s by round |\n' +
          '| --- | --- | --- | --- | --- | --- | --- | --- |\n' +
          '| Gatehouse | 900 | 10.0 ms | 40.0 ms | 128 MiB | 150 µs | 90 µs | 900, 1000, 800 |\n' +
          '| floor | 3600 | 2.50 ms | 8.00 ms | 64 MiB | 60 µs | 45 µs | 3600 |',
        '| ratio (same run) | req/s | p50 | p99 | peak RSS | server CPU / answer |\n' +
          '| --- | --- | --- | --- | --- | --- |\n' +
          '| Gatehouse ÷ floor | 0.25× | 4.00× | 5.00× | 2.00× | 2.50× |',
        '![issuance, SQLite: requests per second (medians)](charts/issuance-sqlite.svg)',
      ].join('\n\n'),
    );
    expect(section.chart?.file).toBe('issuance-sqlite.svg');
    expect(section.chart?.svg).toContain('>900 req/s</text>');
    expect(section.data).toEqual({
      store: 'sqlite',
      schedule: { rounds: 3, seconds: 5, warmup: 2, connections: 50 },
      targets: figures,
      comparisons: [
        {
          target: 'gatehouse',
          reference: 'floor',
          ratios: { rps: 0.25, p50: 4, p99: 5, peak: 2, cpu: 2.5, loadCpu: 2 },
        },
      ],
    });
  });
});

describe('the peak resident set of a server', () => {
  it('is read from VmHWM, and the current one from VmRSS, in bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1183744 kB\nVmHWM:\t  165432 kB\nVmRSS:\t  150000 kB\n';
    expect(parseStatus(status)).toEqual({ rss: 150000 * 1024, peak: 165432 * 1024 });
    expect(() => parseStatus('Name:\tnode\n')).toThrow('no VmRSS in /proc status');
  });
});

describe('the CPU time of a server', () => {
  it('is utime plus stime of /proc/<pid>/stat, in seconds, counted past a command name with spaces', () => {
    const fields = 'S 1 2 3 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 11 0 100 1000 5000';
    expect(parseCpuSeconds(`4242 (node (x) y) ${fields}`, 100)).toBe(18.01);
    expect(() => parseCpuSeconds('4242 (node) S 1', 100)).toThrow(
      'no utime and stime in /proc stat',
    );
  });
});

describe('the summary of a CPU profile', () => {
  const frame = (functionName: string, url: string, lineNumber: number) => ({
    functionName,
    url,
    lineNumber,
  });
  const profile = {
    startTime: 0,
    endTime: 2_000_000,
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1), hitCount: 0 },
      { id: 2, callFrame: frame('verify', 'file:///repo/bench/.build/src/a.js', 9), hitCount: 30 },
      { id: 3, callFrame: frame('(garbage collector)', '', -1), hitCount: 10 },
      { id: 4, callFrame: frame('verify', 'file:///repo/bench/.build/src/a.js', 9), hitCount: 20 },
      { id: 5, callFrame: frame('', 'file:///repo/bench/.build/src/b.js', 0), hitCount: 40 },
    ],
  };

  it('sums the self time of every call site of a function, largest first', () => {
    expect(topSelfTime(profile, 2, '/repo/')).toEqual([
      { where: 'verify (bench/.build/src/a.js:10)', share: 0.5, milliseconds: 1000 },
      { where: '(anonymous) (bench/.build/src/b.js:1)', share: 0.4, milliseconds: 800 },
    ]);
    expect(describeSelfTime(topSelfTime(profile, 3, '/repo/'))).toEqual([
      ' 50.0 %     1000 ms  verify (bench/.build/src/a.js:10)',
      ' 40.0 %      800 ms  (anonymous) (bench/.build/src/b.js:1)',
      ' 10.0 %      200 ms  (garbage collector)',
    ]);
  });
});
