import { request as httpRequest } from 'node:http';
import type { HttpRequest, Load } from '../load/drive.js';
import { chain, pool } from '../load/feeds.js';
import { RoundFailure } from '../load/round-check.js';
import type { Measurable, Target } from './interleave.js';

interface Where {
  name: string;
  label: string;
  server: Measurable;
  port: number;
}

/**
 * The same request every time. It is sent once first, and must be answered with a 2xx; when
 * `sameAnswer`, that answer's body is the one every answer of every round must have, so that
 * a request that starts failing in another way (or answers `{"active":false}`) is caught.
 */
export function fixedTarget(
  where: Where,
  request: HttpRequest,
  { sameAnswer = true, check }: { sameAnswer?: boolean; check?: (body: string) => void } = {},
): Target {
  let expectBody: string | undefined;
  let checked = false;
  return {
    ...where,
    async load(): Promise<Load> {
      if (!checked) {
        const body = await sendOnce(where, request);
        check?.(body);
        if (sameAnswer) expectBody = body;
        checked = true;
      }
      return { port: where.port, request, ...(expectBody === undefined ? {} : { expectBody }) };
    },
  };
}

/**
 * A value that may be sent only once per request (an access code, a first-seen token or key):
 * before each round, `prepare` makes as many as the round may send, and the round ends when
 * they run out if its time is not up first.
 */
export function pooledTarget(
  where: Where,
  prepare: (count: number) => Promise<string[]>,
  requestWith: (value: string) => HttpRequest,
): Target {
  return {
    ...where,
    async load(requests): Promise<Load> {
      const values = await prepare(requests);
      const [first] = values;
      if (first === undefined) throw new Error(`${where.name}: nothing was prepared`);
      return {
        port: where.port,
        request: requestWith(first),
        vary: { feed: pool(values), into: (_request, value) => requestWith(value) },
        amount: values.length,
      };
    },
  };
}

/**
 * A chain: each connection starts with a value of its own from `prepare` and then sends the
 * value its previous answer returned (`next` reads it from the body), such as a rotated
 * refresh token. Fresh chains each round: a round's end cuts requests off mid-flight.
 */
export function chainedTarget(
  where: Where,
  connections: number,
  prepare: (count: number) => Promise<string[]>,
  requestWith: (value: string) => HttpRequest,
  next: (body: string) => string,
): Target {
  return {
    ...where,
    async load(): Promise<Load> {
      const first = await prepare(connections);
      const feed = chain(first);
      return {
        port: where.port,
        request: requestWith(first[0] ?? ''),
        vary: { feed, into: (_request, value) => requestWith(value) },
        read: (status, body) => {
          if (status < 200 || status > 299) return;
          // An answer without the next value leaves the chain one short: it starves.
          let value: string | undefined;
          try {
            value = next(body);
          } catch {
            value = undefined;
          }
          if (value !== undefined) feed.give(value);
        },
      };
    },
  };
}

/**
 * Sends `request` once, on a connection of its own (a pooled one could be left from an
 * earlier server on the same port); its body, or a RoundFailure naming the answer when it is
 * not a 2xx.
 */
export function sendOnce(
  where: Pick<Where, 'name' | 'port'>,
  request: HttpRequest,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port: where.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (answer) => {
        let body = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (body += chunk));
        answer.on('end', () => {
          const status = answer.statusCode ?? 0;
          if (status >= 200 && status <= 299) return resolve(body);
          reject(
            new RoundFailure(`${where.name}: the first request was answered ${status} ${body}`),
          );
        });
      },
    );
    sent.on('error', reject);
    sent.setTimeout(30_000, () => {
      sent.destroy(new RoundFailure(`${where.name}: the first request got no answer in 30 s`));
    });
    sent.end(request.body);
  });
}

/** The strings of a preparation's answer (bench/servers/preparations.ts). */
export function strings(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error('the server prepared something other than a list of strings');
  }
  return value;
}
