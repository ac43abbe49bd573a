import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedOutput, createLogger, logBlockBytes, logFlushMs } from '../../src/http/logger.js';

/** The server's own log output: standard output written in blocks (http/logger.ts). */
describe('the buffered log output', () => {
  afterEach(() => vi.useRealTimers());

  /** A buffered output on a file of its own, its logger, and the exit handler it added. */
  function open() {
    const path = join(mkdtempSync(join(tmpdir(), 'gatehouse-log-')), 'out.log');
    const before = new Set(process.listeners('exit'));
    const output = bufferedOutput(openSync(path, 'w'));
    const onExit = process.listeners('exit').filter((listener) => !before.has(listener));
    const logger = createLogger('info', output);
    const messages = () =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
    return { output, logger, messages, onExit };
  }

  it('holds info lines, and writes them, in order, with the first warning or error', () => {
    const { output, logger, messages, onExit } = open();
    logger.info('one');
    logger.child({ reqId: 'req-1' }).info({ status: 200 }, 'two');
    expect(messages()).toEqual([]);
    logger.warn('three');
    expect(messages()).toEqual(['one', 'two', 'three']);
    logger.info('four');
    logger.error('five');
    expect(messages()).toEqual(['one', 'two', 'three', 'four', 'five']);
    onExit.forEach((listener) => process.removeListener('exit', listener));
    output.end();
  });

  it('writes a block once it is full, and the rest within a second', () => {
    vi.useFakeTimers();
    const { output, logger, messages, onExit } = open();
    const line = 'x'.repeat(200);
    const lines = Math.ceil(logBlockBytes / line.length) + 1;
    for (let i = 0; i < lines; i++) logger.info(line);
    const written = messages().length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(lines);
    vi.advanceTimersByTime(logFlushMs);
    expect(messages()).toHaveLength(lines);
    onExit.forEach((listener) => process.removeListener('exit', listener));
    output.end();
  });

  it('writes what waits when the process exits', () => {
    const { output, logger, messages, onExit } = open();
    logger.info('the last line');
    expect(messages()).toEqual([]);
    expect(onExit).toHaveLength(1);
    onExit.forEach((listener) => {
      (listener as () => void)();
      process.removeListener('exit', listener);
    });
    expect(messages()).toEqual(['the last line']);
    output.end();
  });

  it('lets go of the exit handler once the output is closed, and drops what comes after', () => {
    const { output, logger, messages, onExit } = open();
    logger.info('before the end');
    expect(process.listeners('exit')).toContain(onExit[0]);
    output.end();
    expect(process.listeners('exit')).not.toContain(onExit[0]);
    logger.warn('after the end');
    output.end();
    expect(messages()).toEqual(['before the end']);
  });

  it("answers pino's flush once what waits is written", () => {
    const { output, logger, messages, onExit } = open();
    logger.info('waiting');
    const done = vi.fn();
    logger.flush(done);
    expect(messages()).toEqual(['waiting']);
    expect(done).toHaveBeenCalledWith();
    onExit.forEach((listener) => process.removeListener('exit', listener));
    output.end();
  });

  it('keeps no hold on the last object logged', () => {
    const { output, logger, onExit } = open();
    logger.error({ err: new Error('held?') }, 'an error');
    expect(output).toMatchObject({ lastLevel: 50, lastObj: undefined, lastLogger: undefined });
    onExit.forEach((listener) => process.removeListener('exit', listener));
    output.end();
  });

  /** Runs log-child.ts as its own process; its exit code and what it wrote to stdout. */
  async function child(how: string, { closeStdout = false, fullDisk = false } = {}) {
    const started = spawn(
      join('node_modules', '.bin', 'vite-node'),
      [join('test', 'http', 'log-child.ts'), how],
      // /dev/full refuses every write with ENOSPC, as a full disk does.
      { stdio: ['ignore', fullDisk ? openSync('/dev/full', 'w') : 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    if (closeStdout) started.stdout?.destroy();
    else started.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(started, 'exit')) as [number | null];
    if (fullDisk)
      return { code, reports: err.split('\n').filter((l) => l.startsWith('gatehouse:')) };
    const messages = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    return { code, messages };
  }

  it('writes the last lines of a process that ends, and does not keep it alive', async () => {
    expect(await child('return')).toEqual({ code: 0, messages: ['the last line'] });
  }, 30_000);

  it('writes the last lines of a process that crashes', async () => {
    expect(await child('crash')).toEqual({ code: 1, messages: ['the last line'] });
  }, 30_000);

  it('stops logging, and lets the process go on and end, when its reader went away', async () => {
    expect(await child('closed', { closeStdout: true })).toEqual({ code: 0, messages: [] });
  }, 30_000);

  it('goes on, and says so once on stderr, when its output refuses writes', async () => {
    expect(await child('closed', { fullDisk: true })).toEqual({
      code: 0,
      reports: [
        'gatehouse: the log cannot be written (ENOSPC): lines wait, and past 1 MiB are dropped, until it can',
      ],
    });
  }, 30_000);
});
