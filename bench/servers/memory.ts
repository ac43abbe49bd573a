import { execFileSync } from 'node:child_process';
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

/**
 * The CPU time a process has used so far, in seconds, every thread of it: `utime` plus
 * `stime` (fields 14 and 15) of a `/proc/<pid>/stat` text, in clock ticks of `ticksPerSecond`.
 * The command name (field 2) may hold spaces and parentheses, so fields count from its end.
 */
export function parseCpuSeconds(stat: string, ticksPerSecond: number): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is fields[11], stime fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) {
    throw new Error('no utime and stime in /proc stat');
  }
  return (utime + stime) / ticksPerSecond;
}

let ticks: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`), read once. */
function ticksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // Linux reports these times in USER_HZ, which is 100 on every architecture it runs on.
      ticks = 100;
    }
  }
  return ticks;
}

export function readCpuSeconds(pid: number): number {
  return parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), ticksPerSecond());
}
