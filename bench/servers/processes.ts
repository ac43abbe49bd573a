import { pin } from './affinity.js';
import { join } from 'node:path';
import { strings } from '../run/targets.js';
import type { RunContext } from '../scenarios/scenario.js';
import { startChild, type Child, type Entry } from './children.js';
import { freePort, releasePort } from './ports.js';
import type { BenchStore } from './stores.js';

/** A server child of the harness and where it listens. */
export interface ServerProcess {
  child: Child;
  port: number;
  /** The port of a Gatehouse server's "authentication switched off" app, when asked for. */
  offPort: number | undefined;
  stop(): Promise<void>;
}

/** The environment of every Gatehouse process of a run but its store and ports. */
export function gatehouseEnv(context: RunContext): Record<string, string> {
  return {
    GATEHOUSE_HASH_KEY: context.keys.hash,
    GATEHOUSE_SECRET_KEY: context.keys.secret,
    // No round may meet a 429: the limit is far above anything a round can send.
    USAGE_LIMIT: '1000000000',
    // A token issued when a scenario starts outlives it (the default is 10 minutes).
    ACCESS_TOKEN_TTL: '3600',
    LOG_LEVEL: 'info',
  };
}

/**
 * Starts the compiled bench server as `node` in production mode on `store`, its log in the
 * run's working directory; with `authOff`, also the reference app with the credential
 * checks switched off, on a second port.
 */
export function startGatehouse(
  context: RunContext,
  { name, store, authOff = false }: { name: string; store: BenchStore; authOff?: boolean },
): Promise<ServerProcess> {
  return startServer(context, {
    name,
    entry: 'gatehouse',
    authOff,
    env: { ...gatehouseEnv(context), DATABASE_URL: store.url },
  });
}

/**
 * Starts a reference server (floor.ts, oidc-provider.ts) for `client`, whose credentials it
 * takes as Gatehouse's sandbox has them.
 */
export function startReference(
  context: RunContext,
  entry: Extract<Entry, 'floor' | 'oidc-provider'>,
  name: string,
  client: { id: string; secret: string; orgId: string },
): Promise<ServerProcess> {
  return startServer(context, {
    name,
    entry,
    env: {
      BENCH_CLIENT_ID: client.id,
      BENCH_CLIENT_SECRET: client.secret,
      BENCH_CLIENT_ORG: client.orgId,
    },
  });
}

/**
 * Fills `store` for the scale scenario in a process of its own (seed-keys.ts): the sandbox,
 * then `keys` API keys. Answers how long the keys took and `sample` of them.
 */
export async function seedKeys(
  context: RunContext,
  { name, store, keys, sample }: { name: string; store: BenchStore; keys: number; sample: number },
): Promise<{ seconds: number; sample: string[] }> {
  const seeder = await startChild({
    name,
    entry: 'seed-keys',
    logFile: join(context.workDir, `${name}.log`),
    env: {
      ...gatehouseEnv(context),
      DATABASE_URL: store.url,
      BENCH_KEYS: String(keys),
      BENCH_SAMPLE: String(sample),
    },
    readyWithin: 1_800_000,
  });
  try {
    const seconds = Number(await seeder.prepare('seconds', 0));
    return { seconds, sample: strings(await seeder.prepare('sample', sample)) };
  } finally {
    await seeder.stop();
  }
}

/**
 * Any server child, on ports of the bench range, with PUBLIC_URL its own address. With
 * BENCH_CPU_PROF=1 it writes a CPU profile into bench/results/profiles when it stops, so
 * that a target and its reference can be read side by side.
 */
async function startServer(
  context: RunContext,
  {
    name,
    entry,
    env,
    authOff = false,
  }: {
    name: string;
    entry: Entry;
    env: Record<string, string>;
    authOff?: boolean;
  },
): Promise<ServerProcess> {
  const port = await freePort();
  const offPort = authOff ? await freePort() : undefined;
  const release = () => [port, offPort].forEach((p) => p !== undefined && releasePort(p));
  const child = await startChild({
    name,
    entry,
    logFile: join(context.workDir, `${name}.log`),
    env: {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(offPort === undefined ? {} : { BENCH_AUTH_OFF_PORT: String(offPort) }),
    },
    execArgv: context.options.cpuProfile
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${context.profilesDir}`,
          `--cpu-prof-name=${context.runId}-${name}.cpuprofile`,
        ]
      : [],
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  if (context.placement !== undefined && !pin(child.pid, context.placement.server)) {
    await child.stop();
    release();
    throw new Error(`${name} could not be moved to CPU ${context.placement.server}`);
  }
  return {
    child,
    port,
    offPort,
    async stop() {
      await child.stop();
      release();
    },
  };
}
