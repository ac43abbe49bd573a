import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { escapeHtml, renderPage, sendPage } from './pages.js';

/**
 * `GET /` in production: what a person who opens the server's address in a browser sees, a
 * short page that names the server and leads to its metadata (RFC 8414, OpenID Connect
 * Discovery) and keys. It shows no secret. (The sandbox sends a browser to /sandbox.)
 */
export async function homeRoutes(app: FastifyInstance, { config }: { config: Config }) {
  const base = config.publicUrl;
  const links: Array<[string, string]> = [
    ['/.well-known/oauth-authorization-server', 'Authorization server metadata (RFC 8414)'],
    ['/.well-known/openid-configuration', 'OpenID configuration'],
    ['/.well-known/jwks.json', 'Token signing keys (JWKS)'],
  ];
  const page = renderPage(
    'Gatehouse',
    `<h1>Gatehouse</h1>
<p>Authentication and authorization for partner APIs. Clients find every endpoint of this
server in its metadata:</p>
<table>${links
      .map(
        ([path, label]) =>
          `<tr><th>${escapeHtml(label)}</th><td><a href="${escapeHtml(base + path)}">` +
          `<code>${escapeHtml(base + path)}</code></a></td></tr>`,
      )
      .join('')}</table>
<pre>${escapeHtml(`curl -s ${base}/.well-known/oauth-authorization-server`)}</pre>
<p>People with an account <a href="/signin">sign in here</a>.</p>`,
  );
  app.get('/', async (_request, reply) => sendPage(reply, page, { showsSecrets: false }));
}
