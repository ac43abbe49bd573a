import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The part of a V8 `.cpuprofile` (node --cpu-prof) the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  /** `name (file:line)`, files relative to the repository where they are in it. */
  where: string;
  /** Share of all samples, 0 to 1. */
  share: number;
  milliseconds: number;
}

/**
 * The functions that spent the most time themselves (not in what they called), summed over
 * every call site of the same function, largest first.
 */
export function topSelfTime(profile: CpuProfile, count: number, root = ''): SelfTime[] {
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const microseconds = profile.endTime - profile.startTime;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(root, '');
    const where = `${functionName || '(anonymous)'}${file === '' ? '' : ` (${file}:${lineNumber + 1})`}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + (node.hitCount ?? 0));
  }
  return [...byFunction.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([where, hits]) => ({
      where,
      share: totalHits === 0 ? 0 : hits / totalHits,
      milliseconds: totalHits === 0 ? 0 : (hits / totalHits) * (microseconds / 1000),
    }));
}

/** The lines of a summary, as the harness prints it. */
export function describeSelfTime(rows: readonly SelfTime[]): string[] {
  return rows.map(
    (row) =>
      `${(row.share * 100).toFixed(1).padStart(5)} %  ${row.milliseconds.toFixed(0).padStart(7)} ms  ${row.where}`,
  );
}

/**
 * Summarises every profile of the run `runId` in `directory`: the top self-time functions
 * of each, printed and written next to it as `<profile>.txt`.
 */
export async function summariseProfiles(
  directory: string,
  runId: string,
  root: string,
  log: (line: string) => void,
): Promise<void> {
  const files = (await readdir(directory)).filter(
    (file) => file.startsWith(runId) && file.endsWith('.cpuprofile'),
  );
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(directory, file), 'utf8')) as CpuProfile;
    const lines = describeSelfTime(topSelfTime(profile, 25, root));
    await writeFile(join(directory, `${file}.txt`), `${lines.join('\n')}\n`);
    log(`top self time of ${file}:`);
    for (const line of lines) log(`  ${line}`);
  }
}
