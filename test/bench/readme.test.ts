import { describe, expect, it } from 'vitest';
import { markers, replaceSection } from '../../bench/report/readme.js';

/** A README whose issuance section holds `inner`, between text that must be kept. */
const readmeWith = (inner: string) =>
  [
    '# Benchmarks',
    '',
    'How to run.',
    '',
    '<!-- bench:issuance-sqlite:start -->',
    '',
    inner,
    '',
    '<!-- bench:issuance-sqlite:end -->',
    '',
    'What limits the figures.',
    '',
  ].join('\n');
const readme = readmeWith('old table');

describe('the README sections the harness rewrites', () => {
  it('are named by their markers', () => {
    expect(markers('keyed-postgres')).toEqual({
      start: '<!-- bench:keyed-postgres:start -->',
      end: '<!-- bench:keyed-postgres:end -->',
    });
  });

  it('replace what lies between the markers and keep everything else', () => {
    expect(replaceSection(readme, 'issuance-sqlite', '| new | table |\n')).toBe(
      readmeWith('| new | table |'),
    );
  });

  it('leave the sections of other scenarios and stores as they were', () => {
    const both = replaceSection(readme, 'keyed-sqlite', 'keyed');
    expect(replaceSection(both, 'keyed-sqlite', 'keyed again')).toContain('old table');
    expect(replaceSection(both, 'issuance-sqlite', 'new')).toContain(
      '<!-- bench:keyed-sqlite:start -->\n\nkeyed\n\n<!-- bench:keyed-sqlite:end -->',
    );
  });

  it('are found by their markers on lines of their own, not where the text names one', () => {
    const named = 'Sections are marked (`<!-- bench:crypto:start -->` …).\n\n';
    const text = replaceSection(named, 'crypto', 'figures');
    expect(replaceSection(text, 'crypto', 'new figures')).toBe(
      `${named}<!-- bench:crypto:start -->\n\nnew figures\n\n<!-- bench:crypto:end -->\n`,
    );
  });

  it('are added at the end, markers and all, when not there yet', () => {
    expect(replaceSection('# Benchmarks\n', 'crypto', 'figures')).toBe(
      '# Benchmarks\n\n<!-- bench:crypto:start -->\n\nfigures\n\n<!-- bench:crypto:end -->\n',
    );
  });

  it('refuse markers out of order or half there', () => {
    const swapped = '<!-- bench:crypto:end -->\n<!-- bench:crypto:start -->\n';
    expect(() => replaceSection(swapped, 'crypto', 'x')).toThrow(
      'the markers of crypto in the README are broken',
    );
    expect(() => replaceSection('<!-- bench:crypto:start -->\n', 'crypto', 'x')).toThrow(
      'the markers of crypto in the README are broken',
    );
  });
});
