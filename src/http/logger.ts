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
                if (lineLevel >= warnLevel) flushAtOnce.flushSync();
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
 * is written within `logFlushMs` on a quiet server, and when the process exits, whether it ends
 * by a signal (`serve` closes and exits) or by a crash (an uncaught error still runs the exit
 * handlers); only a process killed outright (SIGKILL) loses its last second of lines.
 */
export function bufferedOutput(fd: number): BufferedOutput {
  const stream = fileDestination({ dest: fd, sync: true, minLength: logBlockBytes });
  const flush = () => stream.flushSync();
  setInterval(flush, logFlushMs).unref();
  process.once('exit', flush);
  buffered.add(stream);
  return stream;
}
