/** The Markdown the sections are written in; Prettier aligns the tables afterwards (readme.ts). */

/** A GitHub table; a `|` inside a cell is escaped. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Answers per second, whole. */
export const perSecond = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');

/** Milliseconds, with two decimals below 10 ms and one above. */
export const millis = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : '–';

/** Microseconds, whole. */
export const microseconds = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(0)} µs` : '–';

/** Bytes in MiB, whole. */
export const mebibytes = (bytes: number) =>
  Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : '–';

/** How many rounds of what a section's medians come from. */
export function roundsOf(rounds: number, what: string): string {
  return `${rounds} interleaved ${rounds === 1 ? 'round' : 'rounds'} of ${what}, medians`;
}

/** The line that says when and how a section's figures were measured, and where its data is. */
export function provenance({
  date,
  resultsFile,
  store,
  how,
}: {
  date: string;
  resultsFile: string;
  store?: string;
  how: string;
}): string {
  return `_${[date, store, how].filter((part) => part !== undefined).join(', ')}; data: \`${resultsFile}\`._`;
}
