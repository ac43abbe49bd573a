import { execFileSync } from 'node:child_process';

/** Which CPUs the servers run on, and which the harness (and its load generator) runs on. */
export interface Placement {
  server: string;
  load: string;
}

/**
 * Every server on the last CPU, the harness on the others (Linux CPU numbers, as `taskset`
 * takes them); none on a machine of one CPU. On a virtual machine the CPUs need not be
 * equally fast (another guest may be busy on the host core behind one), and a server stays
 * on the CPU the kernel first gave it: two servers measured in turn could then run at
 * different speeds, and their ratio would say more about where they landed than about
 * them. On one CPU, a target and its reference share whatever that CPU does.
 */
export function placement(cpuCount: number): Placement | undefined {
  if (cpuCount < 2) return undefined;
  const last = cpuCount - 1;
  return { server: String(last), load: last === 1 ? '0' : `0-${last - 1}` };
}

/** Binds every thread of `pid` to `cpus` (`taskset -a -p -c`); false where that fails. */
export function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
