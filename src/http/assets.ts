import type { FastifyInstance } from 'fastify';
import { icon, iconPath } from './icon.js';
import { stylesheet, stylesheetPath } from './stylesheet.js';

/** The files the browser pages load (their CSP allows only `'self'`), and their types. */
const assets = [
  { path: stylesheetPath, type: 'text/css; charset=utf-8', body: stylesheet },
  { path: iconPath, type: 'image/svg+xml', body: icon },
] as const;

/**
 * `GET /assets/gatehouse.css` and `GET /assets/gatehouse.svg`. The same for every visitor
 * and free of secrets, so a browser may keep them for an hour (a new release's look shows
 * within that).
 */
export async function assetRoutes(app: FastifyInstance) {
  for (const { path, type, body } of assets) {
    app.get(path, async (_request, reply) =>
      reply.header('content-type', type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
}
