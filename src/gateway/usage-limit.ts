import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';

/**
 * One usage limit per org, counting every request made with the org's credentials, API
 * keys and access tokens alike, so that the kind of credential does not change the allowance.
 * Fixed windows: at most `limit` requests per org per `window` seconds; over it,
 * `rate_limited` with Retry-After set to the seconds left in the window.
 */
export interface UsageLimiter {
  consume(orgId: string): Promise<void>;
  close(): Promise<void>;
}

export interface UsageLimitOptions {
  limit: number;
  window: number;
  clock: Clock;
}

/** Counts in this process: right for one instance (the sandbox, a single server). */
export function createMemoryUsageLimiter(options: UsageLimitOptions): UsageLimiter {
  const counts = new Map<string, number>();
  let currentWindow = -1;
  return {
    async consume(orgId) {
      const { start, retryAfter } = windowOf(options);
      if (start !== currentWindow) {
        counts.clear();
        currentWindow = start;
      }
      const count = (counts.get(orgId) ?? 0) + 1;
      counts.set(orgId, count);
      if (count > options.limit) throw limited(retryAfter);
    },
    async close() {},
  };
}

/**
 * Counts in Redis, shared by every instance: one INCR per request. When Redis cannot be
 * reached the request is let through and a warning logged; a limit is not worth an outage.
 */
export function createRedisUsageLimiter(
  url: string,
  options: UsageLimitOptions,
  logger: Logger,
): UsageLimiter {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis error'));
  return {
    async consume(orgId) {
      const { start, retryAfter } = windowOf(options);
      const key = `gatehouse:usage:${orgId}:${start}`;
      let count: number;
      try {
        const results = await redis
          .multi()
          .incr(key)
          .expire(key, options.window * 2)
          .exec();
        count = Number(results?.[0]?.[1] ?? 0);
      } catch (error) {
        logger.warn({ err: error }, 'usage limit unavailable; request allowed');
        return;
      }
      if (count > options.limit) throw limited(retryAfter);
    },
    async close() {
      redis.disconnect();
    },
  };
}

function windowOf({ window, clock }: UsageLimitOptions) {
  const now = clock.now();
  const start = now - (now % window);
  return { start, retryAfter: Math.max(1, start + window - now) };
}

function limited(retryAfter: number): DomainError {
  return new DomainError('rate_limited', 'the organization is over its usage limit', {
    retryAfter,
  });
}
