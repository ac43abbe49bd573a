import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The logger of one request (Fastify's `request.log`): the server's logger, bound to the
 * request's id (`reqId`) when a line is first written through it. Most requests write none:
 * their one line (request-log.ts) names the id itself. Fastify's own way makes a pino child
 * as each request arrives, and a pino child builds its formatters and one function per level,
 * and emits an event; to serve a token, that was a tenth of all the server did.
 *
 * Fastify asks for it through `childLoggerFactory` (request-log.ts), with the options a route
 * may set for its requests (a log level, serializers), which the bound logger takes.
 */
export class RequestLogger implements FastifyBaseLogger {
  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;
  declare silent: LogFn;
  private bound: FastifyBaseLogger | undefined;

  constructor(
    private readonly server: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions = {},
  ) {}

  get level(): string {
    return this.bound?.level ?? this.options.level ?? this.server.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  /** The server's logger bound to this request, made once. */
  logger(): FastifyBaseLogger {
    if (this.bound === undefined) {
      // Without options, pino makes the child the quick way: Fastify passes none but a route's.
      const options = Object.keys(this.options).length > 0 ? this.options : undefined;
      this.bound = this.server.child(this.bindings, options);
    }
    return this.bound;
  }
}

// On the prototype: one function per level for every request, not one per level per request.
for (const level of levels) {
  RequestLogger.prototype[level] = function (this: RequestLogger, ...args: unknown[]) {
    const logger = this.logger();
    Reflect.apply(logger[level], logger, args);
  };
}
