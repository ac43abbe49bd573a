import autocannon from 'autocannon';
import { perAnswer, Samples } from '../measure.js';
import type { Feed } from './feeds.js';
import { requireClean } from './round-check.js';

/** One HTTP request, as sent on every connection of a round. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a target sends, and what its answers must be. */
export interface Load {
  port: number;
  request: HttpRequest;
  /** Puts the next value of a feed into the request (a token, a code, a key). */
  vary?: { feed: Feed; into(request: HttpRequest, value: string): HttpRequest };
  /** Reads each answer's body (a chain takes its next link from it). */
  read?: (status: number, body: string) => void;
  /** The body every answer must have, for a request whose answer never changes. */
  expectBody?: string;
  /** At most this many requests: the size of the feed's pool, so that no value repeats. */
  amount?: number;
}

/** What one round measured: the answers per second and their latency, in milliseconds. */
export interface Measured {
  answers: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /**
   * CPU time of the load generator (this process, all threads) per answer, in microseconds:
   * on a machine it shares with the server, what the server cannot have.
   */
  loadCpu: number;
}

/**
 * Drives `load` with `connections` keep-alive connections (one request at a time each) for
 * `seconds`, or until `amount` requests were sent. Throughput is the answers divided by the
 * time from the first request to the last answer; latencies are exact (each answer's own
 * time), not autocannon's whole-millisecond histogram. A round with any non-2xx answer, error,
 * timeout, unexpected body or starved feed throws (round-check.ts).
 */
export function drive(
  what: string,
  load: Load,
  { seconds, connections }: { seconds: number; connections: number },
): Promise<Measured> {
  const latencies = new Samples();
  const { request, vary, read } = load;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    let last = started;
    // Set once autocannon runs; its callback may come first (refused options).
    const deadline: { timer?: NodeJS.Timeout } = {};
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${load.port}`,
        connections: load.amount === undefined ? connections : Math.min(connections, load.amount),
        duration: seconds,
        ...(load.amount === undefined ? {} : { amount: load.amount }),
        pipelining: 1,
        timeout: 10,
        // autocannon ends a round at its next sample: every 100 ms rather than every second.
        sampleInt: 100,
        ...(load.expectBody === undefined
          ? {}
          : { verifyBody: (body: string) => body === load.expectBody }),
        requests: [
          {
            ...request,
            ...(vary === undefined
              ? {}
              : {
                  // Keeps what autocannon set (host, port): only the request's own parts
                  // change. The headers are copied: autocannon adds Content-Length to them.
                  setupRequest: (sent) => {
                    const next = vary.into(request, vary.feed.take());
                    return { ...sent, ...next, headers: { ...next.headers } };
                  },
                }),
            ...(read === undefined ? {} : { onResponse: (status, body) => read(status, body) }),
          },
        ],
      },
      (error, result) => {
        clearTimeout(deadline.timer);
        if (error !== null) return reject(error);
        try {
          requireClean(what, {
            answers: latencies.length,
            statuses: Object.fromEntries(
              Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
            ),
            errors: result.errors,
            timeouts: result.timeouts,
            mismatches: result.mismatches,
            starved: vary?.feed.starved ?? 0,
          });
        } catch (failure) {
          return reject(failure);
        }
        const elapsed = (last - started) / 1000;
        const cpu = process.cpuUsage(cpuAtStart);
        resolve({
          answers: latencies.length,
          seconds: elapsed,
          rps: latencies.length / elapsed,
          p50: latencies.percentile(50),
          p99: latencies.percentile(99),
          loadCpu: perAnswer((cpu.user + cpu.system) / 1e6, latencies.length),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      last = performance.now();
    });
    // With `amount`, autocannon ignores the duration: the round still ends on time.
    deadline.timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}
