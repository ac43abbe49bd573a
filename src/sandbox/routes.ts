import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { noStore } from '../oauth/no-store.js';
import { sendPage } from '../http/pages.js';
import { sandboxCredentials } from './credentials.js';
import { credentialsPage } from './page.js';

/**
 * Sandbox mode only: `GET /sandbox/credentials` lists every demo credential as JSON, or as
 * a page for a browser (which asks for text/html first); `GET /sandbox` is the page, and
 * `GET /` sends a browser there. Both show secrets: neither is cached.
 */
export async function sandboxRoutes(app: FastifyInstance, { config }: { config: Config }) {
  const credentials = sandboxCredentials(config.publicUrl);
  const page = credentialsPage(credentials);
  // Both answers list client secrets and API keys: never cached, as any answer with secrets.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(noStore);
    done();
  });

  app.get('/', async (_request, reply) => reply.redirect('/sandbox', 302));
  app.get('/sandbox', async (_request, reply) => sendPage(reply, page, { showsSecrets: true }));
  app.get('/sandbox/credentials', async (request, reply) => {
    // One URL, two representations: caches must key on Accept (RFC 9110 §12.5.5).
    reply.header('vary', 'Accept');
    const accept = request.headers.accept ?? '';
    if (accept.startsWith('text/html')) return sendPage(reply, page, { showsSecrets: true });
    return reply.header('cache-control', 'no-store').send(credentials);
  });
}
