import { readFileSync, writeFileSync } from 'node:fs';

/** A process's resident set, in bytes: now, and its peak (Linux `/proc/<pid>/status`). */
export interface Memory {
  rss: number;
  peak: number;
}

/** `VmRSS` and `VmHWM` (the peak resident set) of a `/proc/<pid>/status` text. */
export function parseStatus(text: string): Memory {
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (match?.[1] === undefined) throw new Error(`no ${field} in /proc status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

export function readMemory(pid: number): Memory {
  return parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/**
 * Sets the peak resident set of `pid` back to its current size (Linux `clear_refs`, value 5),
 * so that the next reading is the peak of what ran since: a round's own peak, even when
 * several targets share one server. False where the kernel refuses it; the peak is then the
 * process's peak so far.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
