import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors.js';
import {
  createMemoryUsageLimiter,
  createRedisUsageLimiter,
  type UsageLimiter,
} from '../../src/gateway/usage-limit.js';
import { createLogger } from '../../src/http/logger.js';
import { createFixedClock } from '../../src/lib/clock.js';

const redisUrl = process.env.TEST_REDIS_URL;

const limiters: Array<{
  name: string;
  make: (clock: ReturnType<typeof createFixedClock>) => UsageLimiter;
}> = [
  { name: 'memory', make: (clock) => createMemoryUsageLimiter({ limit: 3, window: 60, clock }) },
];
if (redisUrl !== undefined) {
  limiters.push({
    name: 'redis',
    make: (clock) =>
      createRedisUsageLimiter(redisUrl, { limit: 3, window: 60, clock }, createLogger('silent')),
  });
}

async function refusal(promise: Promise<void>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof DomainError
      ? { outcome: error.outcome, retryAfter: error.retryAfter }
      : error;
  }
}

describe.each(limiters)('usage limit ($name)', ({ make }) => {
  // A window-aligned clock far from other runs' windows, so shared Redis keys never collide.
  const start = 1_999_999_980 + (randomBytes(2).readUInt16BE() % 1000) * 60;
  const clock = createFixedClock(start + 10);
  const limiter = make(clock);
  const org = `org_${randomBytes(6).toString('hex')}`;
  afterAll(() => limiter.close());

  it('lets `limit` requests of one org through per window, then refuses with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect(await refusal(limiter.consume(org))).toBeUndefined();
    expect(await refusal(limiter.consume(org))).toEqual({
      outcome: 'rate_limited',
      retryAfter: 50,
    });
  });

  it('counts each org on its own', async () => {
    expect(await refusal(limiter.consume(`${org}_other`))).toBeUndefined();
  });

  it('starts counting afresh in the next window', async () => {
    clock.advance(50);
    expect(await refusal(limiter.consume(org))).toBeUndefined();
  });
});

describe.runIf(redisUrl !== undefined)('usage limit shared through Redis', () => {
  it('adds up the requests of two instances', async () => {
    const clock = createFixedClock(2_100_000_000 + (randomBytes(2).readUInt16BE() % 1000) * 60);
    const options = { limit: 2, window: 60, clock };
    const a = createRedisUsageLimiter(redisUrl ?? '', options, createLogger('silent'));
    const b = createRedisUsageLimiter(redisUrl ?? '', options, createLogger('silent'));
    const org = `org_${randomBytes(6).toString('hex')}`;
    try {
      expect(await refusal(a.consume(org))).toBeUndefined();
      expect(await refusal(b.consume(org))).toBeUndefined();
      expect(await refusal(a.consume(org))).toMatchObject({ outcome: 'rate_limited' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets requests through when Redis cannot be reached', async () => {
    const clock = createFixedClock();
    const down = createRedisUsageLimiter(
      'redis://127.0.0.1:1',
      { limit: 1, window: 60, clock },
      createLogger('silent'),
    );
    try {
      expect(await refusal(down.consume('org_a'))).toBeUndefined();
      expect(await refusal(down.consume('org_a'))).toBeUndefined();
    } finally {
      await down.close();
    }
  });
});
