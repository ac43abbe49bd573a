import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DenyList, RevocationNotifier } from '../oauth/deny-list.js';

const channel = 'gatehouse:revocations';

export interface RevocationFanout extends RevocationNotifier {
  /** Starts delivering other instances' revocations to `denyList`. */
  listen(denyList: DenyList): Promise<void>;
  close(): Promise<void>;
}

/**
 * Revocations reach every instance through Redis pub/sub within milliseconds. The store
 * stays the record: an instance that missed a message still gets it from the next sync.
 */
export function createRevocationFanout(url: string, logger: Logger): RevocationFanout {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2 };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const client of [publisher, subscriber]) {
    client.on('error', (error: Error) => logger.warn({ err: error }, 'redis error'));
  }
  return {
    async publish(id, expiresAt, revokedAt) {
      try {
        await publisher.publish(channel, JSON.stringify({ id, exp: expiresAt, at: revokedAt }));
      } catch (error) {
        // The revocation is already stored; other instances pick it up at their next sync.
        logger.warn({ err: error }, 'revocation fan-out failed');
      }
    },
    async listen(denyList) {
      await publisher.connect();
      await subscriber.connect();
      subscriber.on('message', (_channel: string, message: string) => {
        try {
          const { id, exp, at } = JSON.parse(message) as {
            id?: unknown;
            exp?: unknown;
            at?: unknown;
          };
          if (typeof id === 'string' && typeof exp === 'number' && typeof at === 'number') {
            denyList.remember(id, exp, at);
          }
        } catch {
          logger.warn('ignored a malformed revocation message');
        }
      });
      await subscriber.subscribe(channel);
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
