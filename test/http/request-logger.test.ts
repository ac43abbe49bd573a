import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/http/logger.js';
import { RequestLogger } from '../../src/http/request-logger.js';

/** A request's logger (Fastify's `request.log`), bound to the request id when it writes. */
describe('the logger of a request', () => {
  function server(level = 'info') {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger(level, sink);
    const child = vi.spyOn(logger, 'child');
    const written = () =>
      lines.map(({ level: n, reqId, msg, detail }) => ({ n, reqId, msg, detail }));
    return { logger: logger as FastifyBaseLogger, child, written };
  }

  it('makes no child of the server logger until it writes, then one', () => {
    const { logger, child, written } = server();
    const log = new RequestLogger(logger, { reqId: 'req-7' });
    expect(log.level).toBe('info');
    expect(child).not.toHaveBeenCalled();
    log.info({ detail: 1 }, 'first');
    log.error('second %s', 'line');
    log.debug('not written');
    expect(child).toHaveBeenCalledTimes(1);
    expect(written()).toEqual([
      { n: 30, reqId: 'req-7', msg: 'first', detail: 1 },
      { n: 50, reqId: 'req-7', msg: 'second line', detail: undefined },
    ]);
  });

  it("takes a route's level for its requests", () => {
    const { logger, written } = server();
    const log = new RequestLogger(logger, { reqId: 'req-8' }, { level: 'warn' });
    expect(log.level).toBe('warn');
    log.info('not written');
    log.warn('written');
    expect(written()).toEqual([{ n: 40, reqId: 'req-8', msg: 'written', detail: undefined }]);
  });

  it('binds itself when its level is set, and keeps the level', () => {
    const { logger, child, written } = server();
    const log = new RequestLogger(logger, { reqId: 'req-10' });
    log.level = 'error';
    expect(child).toHaveBeenCalledTimes(1);
    expect([log.level, logger.level]).toEqual(['error', 'info']);
    log.warn('not written');
    log.error('written');
    expect(written()).toEqual([{ n: 50, reqId: 'req-10', msg: 'written', detail: undefined }]);
  });

  it("makes a child's child with both bindings", () => {
    const { logger, written } = server();
    new RequestLogger(logger, { reqId: 'req-9' }).child({ detail: 'nested' }).warn('from a child');
    expect(written()).toEqual([{ n: 40, reqId: 'req-9', msg: 'from a child', detail: 'nested' }]);
  });
});
