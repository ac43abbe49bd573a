import formbody from '@fastify/formbody';
import { authorizePath } from '../authorize/parameters.js';
import { authorizeRoutes } from '../authorize/routes.js';
import type { FastifyInstance } from 'fastify';
import { cardPageHeaders, sendCardPage } from '../http/card-page.js';
import { errorHandler, type Renderer } from '../http/error-handler.js';
import { typeCodes } from '../http/type-codes.js';
import { answer } from '../http/wire-error.js';
import type { Services } from '../services.js';
import { accountRoutes } from './account.js';
import { fromThisSite, refuse } from './browser.js';
import { browserCookies } from './cookie.js';
import { failurePage } from './pages.js';
import { signInRoutes } from './signin.js';

/** The paths of the browser pages, whose answers outside any route are pages too. */
export const browserPaths: readonly string[] = [
  '/signin',
  '/account',
  '/logout',
  '/assets/',
  authorizePath,
];

/**
 * A failure as a page, with the page headers (also for a refusal made before the plugin's
 * own hooks ran, such as a NUL byte in the query), and the status /v1 would give it.
 */
export const renderBrowserFailure: Renderer = (failure, _request, reply) => {
  answer(reply, failure, typeCodes);
  reply.headers(cardPageHeaders);
  return sendCardPage(reply, reply.statusCode, failurePage(failure, reply.statusCode));
};

/**
 * The browser pages: `GET`/`POST /signin`, `GET /account`, `POST /account/consents/revoke`,
 * `POST /logout`, and the authorization endpoint, `GET`/`POST /oauth/authorize`. Every answer,
 * a page, a redirect or a failure, carries the page headers and is never cached; failures
 * are pages too, with the status /v1 would give them.
 */
export async function browserRoutes(
  app: FastifyInstance,
  services: Pick<
    Services,
    | 'config'
    | 'clock'
    | 'sessions'
    | 'csrf'
    | 'logins'
    | 'users'
    | 'orgs'
    | 'clients'
    | 'consents'
    | 'authorizationCodes'
    | 'accessCodes'
  >,
) {
  await app.register(formbody);
  app.setErrorHandler(errorHandler(renderBrowserFailure));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(cardPageHeaders);
    done();
  });
  // A form posted from another site is refused before it is read (see fromThisSite).
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'POST' && !fromThisSite(request, services.config.publicUrl)) {
      return refuse(reply);
    }
  });
  const deps = { ...services, cookies: browserCookies(services.config.publicUrl) };
  signInRoutes(app, deps);
  accountRoutes(app, deps);
  authorizeRoutes(app, deps);
}
