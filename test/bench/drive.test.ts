import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drive } from '../../bench/load/drive.js';
import { chain, pool } from '../../bench/load/feeds.js';
import { RoundFailure } from '../../bench/load/round-check.js';

/**
 * The load driver against a small local server, for a fraction of a second: the rule that
 * a round with any non-2xx answer fails, and that fed values are each sent once.
 */
let server: Server | undefined;

async function close(): Promise<void> {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(close);

async function listen(
  answer: (request: IncomingMessage, body: string, n: number) => [number, string],
) {
  let count = 0;
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const [status, text] = answer(request, body, ++count);
      response.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server?.address() as AddressInfo).port;
}

const settings = { seconds: 0.4, connections: 4 };
const get = { method: 'GET' as const, path: '/', headers: {} };

describe('drive', () => {
  it('measures a round whose every answer is a 2xx with the expected body', async () => {
    const port = await listen(() => [200, '{"ok":true}']);
    const measured = await drive('ok', { port, request: get, expectBody: '{"ok":true}' }, settings);
    expect(measured.answers).toBeGreaterThan(0);
    expect(measured.rps).toBeCloseTo(measured.answers / measured.seconds, 6);
    expect(measured.p50).toBeGreaterThan(0);
    expect(measured.p99).toBeGreaterThanOrEqual(measured.p50);
  });

  it('fails the round when a single answer is not a 2xx', async () => {
    const port = await listen((_request, _body, n) => (n === 5 ? [401, '{}'] : [200, '{}']));
    await expect(drive('one 401', { port, request: get }, settings)).rejects.toThrow(
      /^one 401: the round does not count: 1 of \d+ answers were not 2xx \(1 × 401\)$/,
    );
  });

  it('fails the round when an answer differs from the expected body', async () => {
    const port = await listen((_request, _body, n) => [200, n === 3 ? '{"active":false}' : '{}']);
    const failure = drive('a changed body', { port, request: get, expectBody: '{}' }, settings);
    await expect(failure).rejects.toBeInstanceOf(RoundFailure);
    await expect(failure).rejects.toThrow('1 answers differed from the expected body');
  });

  it('fails the round when nothing answers', async () => {
    const port = await listen(() => [200, '{}']);
    await close();
    await expect(drive('closed', { port, request: get }, settings)).rejects.toThrow(
      /^closed: the round does not count: no request was answered; \d+ requests got no answer$/,
    );
  });

  it('sends each value of a pool once, and stops when they are spent', async () => {
    const seen: string[] = [];
    const port = await listen((request) => {
      seen.push(String(request.headers.authorization));
      return [200, '{}'];
    });
    const values = Array.from({ length: 40 }, (_, i) => `code-${i}`);
    const feed = pool(values);
    const measured = await drive(
      'pool',
      {
        port,
        request: get,
        vary: {
          feed,
          into: (request, value) => ({ ...request, headers: { authorization: value } }),
        },
        amount: values.length,
      },
      { seconds: 5, connections: 4 },
    );
    expect(measured.answers).toBe(40);
    expect([...seen].sort()).toEqual([...values].sort());
    expect(feed.starved).toBe(0);
  });

  it('leaves the headers a request is built from as they were', async () => {
    const port = await listen(() => [200, '{}']);
    const shared = { 'content-type': 'application/json' };
    const feed = pool(['{"a":1}', '{"a":22}']);
    await drive(
      'shared headers',
      {
        port,
        request: { method: 'POST', path: '/', headers: shared },
        vary: { feed, into: (request, value) => ({ ...request, headers: shared, body: value }) },
        amount: 2,
      },
      { seconds: 5, connections: 2 },
    );
    expect(shared).toEqual({ 'content-type': 'application/json' });
  });

  it('chains each request to the value its previous answer returned', async () => {
    const received: number[] = [];
    const port = await listen((_request, body) => {
      const link = Number(JSON.parse(body).link);
      received.push(link);
      return [200, JSON.stringify({ next: link + 1000 })];
    });
    const feed = chain(['1', '2']);
    await drive(
      'chain',
      {
        port,
        request: { method: 'POST', path: '/', headers: { 'content-type': 'application/json' } },
        vary: {
          feed,
          into: (request, value) => ({ ...request, body: JSON.stringify({ link: value }) }),
        },
        read: (_status, body) => feed.give(String(JSON.parse(body).next)),
      },
      { seconds: 0.3, connections: 2 },
    );
    // Every value but the two first is one an earlier answer returned, and none came twice.
    expect(new Set(received).size).toBe(received.length);
    expect(
      received.filter((link) => link > 1000).every((link) => received.includes(link - 1000)),
    ).toBe(true);
    expect(feed.starved).toBe(0);
  });
});
