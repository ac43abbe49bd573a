import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './ipc.js';
import { readCpuSeconds, readMemory, resetPeak, type Memory } from './memory.js';

/** The compiled entry points of bench/servers/, each run as `node <entry>.js`. */
export type Entry = 'gatehouse' | 'oidc-provider' | 'floor' | 'seed-keys';

/** A server (or seeding) process started by the harness, as plain `node` in production mode. */
export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** Asks the child to prepare `count` values of `name` (bench/servers/ipc.ts). */
  prepare(name: string, count: number): Promise<unknown>;
  memory(): Memory;
  /** Starts a new peak of the resident set (memory.ts); false where Linux refuses. */
  resetPeak(): boolean;
  /** The CPU time it has used so far, in seconds, all its threads (memory.ts). */
  cpuSeconds(): number;
  /** Asks the child to close and waits for it to end (killed after 20 seconds). */
  stop(): Promise<void>;
  /** The last lines of its log, to show with a failure. */
  logTail(): string;
}

const running = new Set<Child>();

/**
 * Forks `entry` with `env` on top of a bare environment (PATH, HOME, NODE_ENV=production):
 * nothing else of the harness's environment reaches it. Its stdout and stderr go to
 * `logFile`, as a process manager would send them in production; it answers over IPC.
 */
export async function startChild({
  name,
  entry,
  env,
  logFile,
  execArgv = [],
  readyWithin = 300_000,
}: {
  name: string;
  entry: Entry;
  env: Record<string, string>;
  logFile: string;
  execArgv?: string[];
  readyWithin?: number;
}): Promise<Child> {
  const out = openSync(logFile, 'a');
  const proc = fork(fileURLToPath(new URL(`./${entry}.js`, import.meta.url)), [], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      ...env,
    },
    execArgv,
    stdio: ['ignore', out, out, 'ipc'],
  });
  closeSync(out);
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${name} did not start`);
  const logTail = () => tail(logFile);
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let nextId = 1;

  proc.on('message', (message: ChildMessage) => {
    if (message.type === 'ready') return;
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'reply') call?.resolve(message.result);
    else call?.reject(new Error(`${name}: ${message.error}`));
  });
  proc.once('exit', (code, signal) => {
    for (const call of pending.values()) {
      call.reject(new Error(`${name} ended (${signal ?? code}) during a call:\n${logTail()}`));
    }
    pending.clear();
  });

  const child: Child = {
    name,
    pid,
    logFile,
    prepare(what, count) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send(proc, { type: 'call', id, name: what, count });
      });
    },
    memory: () => readMemory(pid),
    resetPeak: () => resetPeak(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    async stop() {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      send(proc, { type: 'stop' });
      const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
    logTail,
  };
  running.add(child);
  await ready(proc, name, readyWithin, logTail).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  return child;
}

/** Stops every child still running (after a failure, or when the harness is interrupted). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

function send(proc: ChildProcess, message: ParentMessage): void {
  if (proc.connected) proc.send(message);
}

function ready(
  proc: ChildProcess,
  name: string,
  within: number,
  logTail: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name} was not ready within ${within / 1000} s:\n${logTail()}`));
    }, within);
    proc.on('message', (message: ChildMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve();
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} ended (${signal ?? code}) before it was ready:\n${logTail()}`));
    });
  });
}

function tail(file: string, bytes = 3000): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.slice(-bytes);
  } catch {
    return '(no log)';
  }
}
