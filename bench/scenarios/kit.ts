import type { Schedule } from '../run/interleave.js';
import { startGatehouse, startReference, type ServerProcess } from '../servers/processes.js';
import { openBenchStore, type BenchStore, type StoreKind } from '../servers/stores.js';
import type { RunContext } from './scenario.js';

type Defer = (step: () => Promise<void>) => void;

/**
 * What a server scenario opens on one store, each thing stopped or dropped when the scenario
 * ends (run/cleanup.ts): stores, Gatehouse servers, reference servers. Names are prefixed
 * with the scenario and the store, as the logs and profiles are named.
 */
export function scenarioKit(context: RunContext, scenario: string, kind: StoreKind, defer: Defer) {
  const prefix = `${scenario}-${kind}`;
  const started = async (server: Promise<ServerProcess>) => {
    const running = await server;
    defer(() => running.stop());
    return running;
  };
  return {
    prefix,
    schedule: {
      rounds: context.options.rounds,
      seconds: context.options.duration,
      warmup: context.options.warmup,
      connections: context.options.connections,
    } satisfies Schedule,
    async store(name = prefix): Promise<BenchStore> {
      const store = await openBenchStore(kind, {
        workDir: context.workDir,
        name,
        adminUrl: context.options.databaseUrl,
      });
      // BENCH_KEEP keeps a SQLite store for a look after the run; a database never stays.
      if (!(context.options.keep && kind === 'sqlite')) defer(() => store.drop());
      return store;
    },
    gatehouse: (store: BenchStore, { name = 'gatehouse', authOff = false } = {}) =>
      started(startGatehouse(context, { name: `${prefix}-${name}`, store, authOff })),
    reference: (
      entry: 'floor' | 'oidc-provider',
      client: { id: string; secret: string; orgId: string },
    ) => started(startReference(context, entry, `${prefix}-${entry}`, client)),
  };
}

/** An RFC 6749 §5.1 answer carrying a JWT access token, or the round does not start. */
export function requireTokenResponse(body: string): void {
  const answer: unknown = JSON.parse(body);
  const token =
    typeof answer === 'object' && answer !== null && 'access_token' in answer
      ? answer.access_token
      : undefined;
  if (typeof token !== 'string' || token.split('.').length !== 3) {
    throw new Error(`not a token response: ${body}`);
  }
}
