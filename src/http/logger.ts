import type { FastifyRequest } from 'fastify';
import { destination as fileDestination, pino, type DestinationStream, type Logger } from 'pino';
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

/** pino's number for `warn`: lines at it or above are written at once. */
const warnLevel = 40;

/** An output of `bufferedOutput`. */
export type BufferedOutput = ReturnType<typeof fileDestination>;
const buffered = new WeakSet<DestinationStream>();
let standardOutput: BufferedOutput | undefined;

/**
 * A logger writing JSON lines to `destination`: by default standard output, written in blocks
 * (`bufferedOutput`). To a buffered output, a warning or an error is written at once, with the
 * lines that were waiting before it, so that the log stays in order.
 */
export function createLogger(
  level: string,
  destination: DestinationStream = (standardOutput ??= bufferedOutput(1)),
): Logger {
  const flushAtOnce = buffered.has(destination) ? (destination as BufferedOutput) : undefined;
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
      ...(flushAtOnce === undefined
        ? {}
        : {
            hooks: {
              logMethod(args, write, lineLevel) {
                write.apply(this, args);
                // Written just now, so the stream is open; a failed write is its error.
                if (lineLevel >= warnLevel) flushAtOnce.flush();
              },
            },
          }),
    },
    destination,
  );
}

/**
 * File descriptor `fd` written in blocks of `logBlockBytes`, not a line at a time: each write
 * is a system call, and on a busy server one per request line cost more than forming the line
 * (measured in one process: 8.8 µs a line written at once, 3.0 µs held in a block). What waits
 * is written within `logFlushMs` on a quiet server, and when the process exits: normally,
 * after `SIGTERM` or `SIGINT` once the server listens (`serve` closes and exits), or on an
 * uncaught error, which still runs the exit handlers. A process killed outright (`SIGKILL`,
 * out of memory) loses up to a second of info lines. Writes stay synchronous, as pino's
 * default is: a reader that falls behind slows the server rather than filling its memory, and
 * one that goes away (`EPIPE`) ends the logging, not the server.
 */
export function bufferedOutput(fd: number): BufferedOutput {
  const stream = fileDestination({
    dest: fd,
    sync: true,
    minLength: logBlockBytes,
    periodicFlush: logFlushMs,
  });
  // `flush`, not `flushSync`: in synchronous mode it writes at once too, and a write that fails
  // is reported as the stream's error (pino stops logging on a closed pipe), where `flushSync`
  // would retry it forever with the event loop blocked. At exit nothing is left to report to.
  const onExit = () => {
    try {
      stream.flush();
    } catch {
      // Closed already, or its reader gone: the process ends either way.
    }
  };
  process.once('exit', onExit);
  stream.once('close', () => process.removeListener('exit', onExit));
  buffered.add(stream);
  return stream;
}
