import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level } from 'pino';

/**
 * The logger of one request (Fastify's `request.log`): the server's logger, bound to the
 * request's id (`reqId`) when it is first called. Most requests write nothing through
 * it: their one line (request-log.ts) names the id itself. Fastify's own way makes a pino
 * child as each request arrives, and a pino child builds its formatters and one function per
 * level, and emits an event (bench/RESULTS.md, "Request logging").
 *
 * Fastify asks for it through `childLoggerFactory` (request-log.ts), with the options a route
 * may set for its requests (a log level, serializers), which the bound logger takes.
 */
export class RequestLogger implements FastifyBaseLogger {
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
    this.boundLogger().level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.boundLogger().child(bindings, options);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  /** The server's logger bound to this request, made once. */
  boundLogger(): FastifyBaseLogger {
    if (this.bound === undefined) {
      // Without options, pino makes the child the quick way: Fastify passes none but a route's.
      const options = Object.keys(this.options).length > 0 ? this.options : undefined;
      this.bound = this.server.child(this.bindings, options);
    }
    return this.bound;
  }

  private write(level: Level, args: unknown[]): void {
    const logger = this.boundLogger();
    Reflect.apply(logger[level], logger, args);
  }
}
