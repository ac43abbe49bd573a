import {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';
import { RequestLogger } from './request-logger.js';

/**
 * Fastify's logging options: `logger` for the server, one line per request (`RequestLog`), and
 * each request's logger bound to its id only when it writes (`RequestLogger`).
 */
export function requestLogging(logger: Logger) {
  return {
    loggerInstance: logger as FastifyBaseLogger,
    logController: new RequestLog(logger),
    childLoggerFactory: (
      server: FastifyBaseLogger,
      bindings: Bindings,
      options: ChildLoggerOptions,
    ) => new RequestLogger(server, bindings, options),
  };
}

/**
 * One log line per request, written when it ends:
 *
 *   {"level":30,...,"reqId":"req-1","method":"POST","path":"/oauth/token","status":200,
 *    "responseTime":1.42,"remoteAddress":"127.0.0.1","msg":"request completed"}
 *
 * Fastify's default writes two (one as the request arrives, one when it is answered), each
 * through the `req`/`res` serializers and the logger's redaction. This line has only flat
 * fields, none of which can carry a secret: the path is logged without its query string (a
 * client may put a secret there), and no header or body is read.
 *
 * A request whose answer never completes (the client went away first, the response stream
 * broke) gets its line too, `request aborted`: the line is written as the response closes,
 * which it does either way; its status is null unless one was sent. A response that failed
 * with an error also gets an `error` line with it; errors a route raises are logged by
 * `http/error-handler.ts`.
 *
 * The line is written by the server's logger and names the request id itself, as a line of
 * the request's own logger would (request-logger.ts): that logger is bound to the id only when
 * something else writes to it. Its level still decides: a route whose `logLevel` is above
 * `info` writes no request lines.
 *
 * A class because Fastify takes its request logging as a `LogController` instance.
 */
export class RequestLog extends LogController {
  constructor(private readonly logger: Logger) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    // The request's logger has the route's level (request-logger.ts), without being bound.
    const { values } = this.logger.levels;
    const info = values.info ?? 30;
    if ((values[reply.log.level] ?? info) > info) return;
    // Read now: once a client has gone away, its socket no longer tells its address.
    const remoteAddress = request.ip;
    reply.raw.once('close', () => {
      const line = {
        [this.requestIdLogLabel]: request.id,
        method: request.method,
        path: pathOf(request.url),
        status: reply.raw.headersSent ? reply.statusCode : null,
        // Milliseconds, to a hundredth: the raw float's other digits are noise.
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
        remoteAddress,
      };
      // Ended: the whole answer was handed to the socket; else it broke off, or never began.
      this.logger.info(line, reply.raw.writableEnded ? 'request completed' : 'request aborted');
    });
  }

  override requestCompleted(
    error: Error | null | undefined,
    _request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) reply.log.error({ err: error }, 'the response failed');
  }
}

/**
 * The path of a request target, without its query string or a fragment (which no client
 * should send, but one may, with a token in it), and without the scheme and authority of an
 * absolute-form target (RFC 9112 §3.2.2), whose userinfo may be a password.
 */
export function pathOf(url: string): string {
  const query = url.search(/[?#]/);
  const target = query === -1 ? url : url.slice(0, query);
  return target.startsWith('/') ? target : target.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/, '');
}
