import type { FastifyRequest } from 'fastify';
import {
  destination as fileDestination,
  pino,
  symbols,
  type DestinationStream,
  type Logger,
} from 'pino';
import { pathOf } from './request-log.js';

/**
 * Secrets never reach the log: headers that carry credentials are censored, bodies are not
 * logged, and a URL is logged without its query string (a client may put a secret there).
 * Each request is one line (`request-log.ts`); the `req` serializer and the redaction are
 * for the lines Fastify itself writes about a request that went wrong.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

/** The most log a server holds in memory before it writes it out. */
export const logBlockBytes = 4096;
/** The longest a line waits on a quiet server. */
export const logFlushMs = 1000;
/** The most log held while its output refuses writes (a full disk); later lines are dropped. */
export const logHoldBytes = 1024 * 1024;

/** pino's number for `warn`: lines at it or above are written at once. */
const warnLevel = 40;

let standardOutput: BufferedOutput | undefined;

/**
 * A logger writing JSON lines to `destination`: by default standard output, written in blocks
 * (`bufferedOutput`), where a warning or an error is written at once, with the lines that
 * were waiting before it, so that the log stays in order.
 */
export function createLogger(
  level: string,
  destination: DestinationStream = (standardOutput ??= bufferedOutput(1)),
): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: pathOf(request.url),
          remoteAddress: request.ip,
        }),
      },
    },
    destination,
  );
}

/**
 * File descriptor `fd` written in blocks of `logBlockBytes`, not a line at a time: each write
 * is a system call, and on a busy server one per request line cost more than forming the line.
 * A warning or an error is written at once, with what waits before it. What waits is written
 * within `logFlushMs` on a quiet server, and when the process exits: normally, after
 * `SIGTERM` or `SIGINT` once the server listens (`serve` closes and exits), or on an uncaught
 * error, which still runs the exit handlers. A process killed outright (`SIGKILL`, out of
 * memory) loses up to a second of info lines.
 *
 * The lines wait here, in a list, and each block is handed whole to pino's own synchronous
 * output (sonic-boom), which writes it at once. Held in sonic-boom instead (its `minLength`),
 * every line measured the block so far, copying it: about 2 KiB copied and allocated a line.
 * Writes stay synchronous, as pino's default is: a reader that falls behind slows the server
 * rather than filling its memory, one that goes away (`EPIPE`) ends the logging, not the
 * server, and an output that refuses writes (`ENOSPC`) is reported once on standard error.
 */
export function bufferedOutput(fd: number): BufferedOutput {
  const out = fileDestination({ dest: fd, sync: true, maxLength: logHoldBytes });
  // A write that fails for another reason than a reader gone (a full disk, an I/O error) would
  // otherwise end the process: the server would go down for its log. sonic-boom keeps the
  // failed block and tries it again with the next; past `logHoldBytes` it drops new lines.
  let reported = false;
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (reported || error.code === 'EPIPE') return;
    reported = true;
    process.stderr.write(
      `gatehouse: the log cannot be written (${error.code ?? error.message}): ` +
        `lines wait, and past ${logHoldBytes / 2 ** 20} MiB are dropped, until it can\n`,
    );
  });
  return new BlockOutput(out);
}

/** An output of `bufferedOutput`. */
export interface BufferedOutput extends DestinationStream {
  /** Writes what waits, now; then calls `done`. */
  flush(done?: () => void): void;
  /** Writes what waits and closes the output; its lines are no longer held for the exit. */
  end(): void;
}

type SonicBoom = ReturnType<typeof fileDestination>;

class BlockOutput implements BufferedOutput {
  // pino tells a destination that asks (this symbol) the level of each line before writing it,
  // and sets the other fields too; they are cleared at each line, so that the last object
  // logged (an error, a request) is not kept alive by the log.
  readonly [symbols.needsMetadataGsym] = true as const;
  lastLevel = 0;
  lastTime = '';
  lastMsg = '';
  lastObj: object | undefined;
  lastLogger: Logger | undefined;

  private lines: string[] = [];
  /** UTF-16 units waiting, near enough to bytes to size a block. */
  private waiting = 0;
  private ended = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onExit = () => {
    try {
      this.flush();
    } catch {
      // Nothing is left to report it to: the process ends either way.
    }
  };

  constructor(private readonly out: SonicBoom) {
    this.timer = setInterval(() => this.flush(), logFlushMs).unref();
    process.once('exit', this.onExit);
  }

  write(line: string): void {
    this.lastObj = undefined;
    this.lastLogger = undefined;
    if (this.ended) return;
    this.lines.push(line);
    this.waiting += line.length;
    if (this.waiting >= logBlockBytes || this.lastLevel >= warnLevel) this.flush();
  }

  /** Writes what waits; `done` (pino's `logger.flush(done)`) is called once it is written. */
  flush(done?: () => void): void {
    if (this.lines.length > 0) {
      const block = this.lines.join('');
      this.lines = [];
      this.waiting = 0;
      // Written at once: a synchronous sonic-boom holds nothing unless its output refuses it.
      this.out.write(block);
    }
    done?.();
  }

  end(): void {
    if (this.ended) return;
    try {
      this.flush();
    } finally {
      this.ended = true;
      clearInterval(this.timer);
      process.removeListener('exit', this.onExit);
      this.out.end();
    }
  }
}
