import { drive } from '../load/drive.js';
import { httpSection } from '../report/http-section.js';
import { only } from '../run/compare.js';
import { interleave, type Schedule, type Target } from '../run/interleave.js';
import { startGatehouse, startReference, type ServerProcess } from '../servers/processes.js';
import { openBenchStore, type BenchStore, type StoreKind } from '../servers/stores.js';
import type { RunContext } from './scenario.js';

type Defer = (step: () => Promise<void>) => void;

/**
 * What a server scenario does on one store: it opens stores, Gatehouse servers and reference
 * servers, each stopped or dropped when the scenario ends (run/cleanup.ts); it measures its
 * targets in interleaved rounds; it renders its section. Names are prefixed with the
 * scenario and the store, as the logs, profiles and README sections are named.
 */
export function scenarioKit(context: RunContext, scenario: string, kind: StoreKind, defer: Defer) {
  const prefix = `${scenario}-${kind}`;
  const schedule: Schedule = {
    rounds: context.options.rounds,
    seconds: context.options.duration,
    warmup: context.options.warmup,
    connections: context.options.connections,
  };
  const started = async (server: Promise<ServerProcess>) => {
    const running = await server;
    defer(() => running.stop());
    return running;
  };
  return {
    prefix,
    schedule,
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
    /** Where a target is measured: `server`, on its own port unless told another. */
    at: (server: ServerProcess, name: string, label: string, port = server.port) => ({
      name,
      label,
      server: server.child,
      port,
    }),
    /** The figures of the targets BENCH_ONLY selects, in interleaved rounds. */
    measure: (targets: readonly Target[], selected: readonly string[] | 'all') =>
      interleave(prefix, only(targets, selected), schedule, drive, context.log),
    /** The scenario's section of the README, on this store. */
    section: (
      parts: Omit<Parameters<typeof httpSection>[0], 'id' | 'context' | 'store' | 'schedule'>,
    ) => httpSection({ id: prefix, context, store: kind, schedule, ...parts }),
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
