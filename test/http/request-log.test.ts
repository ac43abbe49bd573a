import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/http/logger.js';
import { pathOf, requestLogging } from '../../src/http/request-log.js';

/** The fields of each request's line, without those that change from run to run. */
type Line = Record<string, unknown>;

// A server listening on a real socket, so that a client can go away mid-request.
describe('the request log line', () => {
  const lines: Line[] = [];
  let app: FastifyInstance;
  let port: number;
  let releaseSlow: () => void = () => {};
  /** How many pino children the server's logger made since the last call. */
  let childrenMade: () => number = () => 0;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Line);
        done();
      },
    });
    const logger = createLogger('info', sink);
    const child = vi.spyOn(logger, 'child');
    childrenMade = () => {
      const made = child.mock.calls.length;
      child.mockClear();
      return made;
    };
    app = Fastify(requestLogging(logger));
    app.get('/hello', async () => ({ hello: 'world' }));
    app.get('/quiet', { logLevel: 'warn' }, async () => ({ quiet: true }));
    app.get('/noted', async (request) => {
      request.log.warn({ note: 'one' }, 'a note');
      request.log.info('another');
      return {};
    });
    app.get('/teapot', async (_request, reply) => reply.code(418).send({ short: 'stout' }));
    app.get('/slow', () => new Promise((resolve) => (releaseSlow = () => resolve({ late: 1 }))));
    app.get('/broken', (_request, reply) => {
      let reads = 0;
      const body = new Readable({
        read() {
          if (reads++ === 0) this.push('the first half');
          else this.destroy(new Error('the disk went away'));
        },
      });
      return reply.type('text/plain').send(body);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  /** The lines of the request to `path`, once its response has closed. */
  async function linesOf(path: string): Promise<Line[]> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return lines
      .filter((line) => line.path === path)
      .map(({ time, pid, hostname, reqId, responseTime, ...rest }) => {
        expect([typeof time, typeof pid, typeof hostname]).toEqual(['number', 'number', 'string']);
        expect(reqId).toMatch(/^req-\d+$/);
        expect(responseTime).toBeTypeOf('number');
        return rest;
      });
  }

  it('is one line for an answered request, its path without the query', async () => {
    const hello = await fetch(`http://127.0.0.1:${port}/hello?client_secret=s3cr3t`);
    expect(await hello.json()).toEqual({ hello: 'world' });
    const teapot = await fetch(`http://127.0.0.1:${port}/teapot`);
    expect(teapot.status).toBe(418);
    expect([...(await linesOf('/hello')), ...(await linesOf('/teapot'))]).toEqual([
      {
        level: 30,
        method: 'GET',
        path: '/hello',
        status: 200,
        remoteAddress: '127.0.0.1',
        msg: 'request completed',
      },
      {
        level: 30,
        method: 'GET',
        path: '/teapot',
        status: 418,
        remoteAddress: '127.0.0.1',
        msg: 'request completed',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
    expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([]);
  });

  it("names the request id, and binds the request's logger to it only when it writes", async () => {
    childrenMade();
    await fetch(`http://127.0.0.1:${port}/hello`);
    await linesOf('/hello');
    expect(childrenMade()).toBe(0);

    await fetch(`http://127.0.0.1:${port}/noted`);
    expect(await linesOf('/noted')).toHaveLength(1);
    const reqId = lines.find((l) => l.path === '/noted')?.reqId;
    expect(reqId).toMatch(/^req-\d+$/);
    const notes = lines.filter((l) => l.note === 'one' || l.msg === 'another');
    expect(notes.map(({ level, reqId, note, msg }) => ({ level, reqId, note, msg }))).toEqual([
      { level: 40, reqId, note: 'one', msg: 'a note' },
      { level: 30, reqId, note: undefined, msg: 'another' },
    ]);
    expect(childrenMade()).toBe(1);
  });

  it('writes no line for a route whose level is above info, and makes no child', async () => {
    childrenMade();
    const quiet = await fetch(`http://127.0.0.1:${port}/quiet`);
    expect(await quiet.json()).toEqual({ quiet: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.filter((l) => l.path === '/quiet')).toEqual([]);
    expect(childrenMade()).toBe(0);
  });

  it('is an `aborted` line, without a status, when the client goes away unanswered', async () => {
    await new Promise<void>((resolve) => {
      const call = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
      call.on('error', () => resolve());
      call.end();
      setTimeout(() => call.destroy(), 50);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseSlow();
    expect(await linesOf('/slow')).toEqual([
      {
        level: 30,
        method: 'GET',
        path: '/slow',
        status: null,
        remoteAddress: '127.0.0.1',
        msg: 'request aborted',
      },
    ]);
  });

  it('is an `aborted` line with the status sent when the response breaks off', async () => {
    await fetch(`http://127.0.0.1:${port}/broken`)
      .then((res) => res.text())
      .catch(() => undefined);
    expect(await linesOf('/broken')).toEqual([
      {
        level: 30,
        method: 'GET',
        path: '/broken',
        status: 200,
        remoteAddress: '127.0.0.1',
        msg: 'request aborted',
      },
    ]);
    // Fastify's own warning of the broken stream stays, with the request's id.
    const [aborted] = lines.filter((line) => line.path === '/broken');
    expect(
      lines
        .filter((line) => line.level === 40 && line.note === undefined)
        .map(({ reqId, msg }) => ({ reqId, msg })),
    ).toEqual([
      { reqId: aborted?.reqId, msg: 'response terminated with an error with headers already sent' },
    ]);
  });
});

describe('the path a request is logged under', () => {
  it.each([
    ['/v1/orgs', '/v1/orgs'],
    ['/oauth/token?client_secret=s3cret', '/oauth/token'],
    ['/oauth/userinfo#access_token=s3cret', '/oauth/userinfo'],
    ['/oauth/userinfo#a?access_token=s3cret', '/oauth/userinfo'],
    ['http://user:s3cret@127.0.0.1:8080/v1/orgs?x=1', '/v1/orgs'],
    ['https://127.0.0.1/fabric/api/user', '/fabric/api/user'],
    ['http://user:s3cret@127.0.0.1:8080', ''],
    ['*', '*'],
  ])('logs %j as %j', (target, logged) => {
    expect(pathOf(target)).toBe(logged);
  });
});
