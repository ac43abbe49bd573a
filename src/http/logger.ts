import type { FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
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

export function createLogger(level: string, destination?: DestinationStream): Logger {
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
