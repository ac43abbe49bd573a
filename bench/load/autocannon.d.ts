/** The part of autocannon 8's programmatic API the harness uses (it ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  // Its module.exports is the function, which an ES module imports as the default.
  export { autocannon as default };

  namespace autocannon {
    export interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    export interface RequestSpec extends Request {
      /** Called for each request; returns the request to send. */
      setupRequest?: (request: Request, context: object) => Request;
      /** Called with each answer, before the connection sends its next request. */
      onResponse?: (status: number, body: string, context: object) => void;
    }

    export interface Options {
      url: string;
      connections: number;
      duration: number;
      amount?: number;
      pipelining?: number;
      /** Milliseconds between samples; a run ends at the sample after it is done. */
      sampleInt?: number;
      timeout?: number;
      requests: RequestSpec[];
      /** False for an answer whose body is not the expected one (counted as a mismatch). */
      verifyBody?: (body: string) => boolean;
    }

    export interface Result {
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      duration: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }

    export interface Instance extends EventEmitter {
      stop(): void;
      on(
        event: 'response',
        listener: (client: unknown, status: number, bytes: number, responseTime: number) => void,
      ): this;
      on(event: 'reqError', listener: (error: Error) => void): this;
    }
  }

  function autocannon(
    options: autocannon.Options,
    done: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;
}
