import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

/** The markers around a generated section of bench/README.md. */
export function markers(id: string): { start: string; end: string } {
  return { start: `<!-- bench:${id}:start -->`, end: `<!-- bench:${id}:end -->` };
}

/**
 * `readme` with what lies between the markers of `id` replaced by `content`; a section not
 * there yet is added at the end, markers and all. Everything outside the markers is kept. A
 * marker is a line of its own: the text may name one in passing.
 */
export function replaceSection(readme: string, id: string, content: string): string {
  const { start, end } = markers(id);
  const block = `${start}\n\n${content.trim()}\n\n${end}`;
  const from = lineAt(readme, start);
  const to = lineAt(readme, end);
  if (from < 0 && to < 0) return `${readme.trimEnd()}\n\n${block}\n`;
  if (from < 0 || to < from) throw new Error(`the markers of ${id} in the README are broken`);
  return readme.slice(0, from) + block + readme.slice(to + end.length);
}

/** Where the first line that is exactly `line` starts, or -1. */
function lineAt(text: string, line: string): number {
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
    const after = text[at + line.length];
    if ((at === 0 || text[at - 1] === '\n') && (after === undefined || after === '\n')) return at;
  }
  return -1;
}

/** Rewrites the sections of `file` and formats it as `npm run format` would. */
export async function rewriteReadme(
  file: string,
  sections: ReadonlyArray<{ id: string; markdown: string }>,
): Promise<void> {
  let text = await readFile(file, 'utf8');
  for (const section of sections) text = replaceSection(text, section.id, section.markdown);
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(text, { ...options, filepath: file }));
}
