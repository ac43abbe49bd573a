import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { noStore } from '../oauth/no-store.js';
import { sandboxCredentials } from './credentials.js';
import { credentialsPage } from './page.js';

/**
 * Sandbox mode only: `GET /sandbox/credentials` lists every demo credential as JSON, or as
 * a page for a browser (which asks for text/html first); `GET /sandbox` is the page.
 */
export async function sandboxRoutes(app: FastifyInstance, { config }: { config: Config }) {
  const credentials = sandboxCredentials(config.publicUrl);
  const page = credentialsPage(credentials);
  const sendPage = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(page);
  // Both answers list client secrets and API keys: never cached, as any answer with secrets.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(noStore);
  });

  app.get('/sandbox', async (_request, reply) => sendPage(reply));
  app.get('/sandbox/credentials', async (request, reply) => {
    const accept = request.headers.accept ?? '';
    if (accept.startsWith('text/html')) return sendPage(reply);
    return credentials;
  });
}
