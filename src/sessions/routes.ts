import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { cardPageHeaders, sendCardPage } from '../http/card-page.js';
import { errorHandler } from '../http/error-handler.js';
import { typeCodes } from '../http/type-codes.js';
import { answer } from '../http/wire-error.js';
import type { Services } from '../services.js';
import { accountRoutes } from './account.js';
import type { BrowserDeps } from './browser.js';
import { browserCookies } from './cookie.js';
import { failurePage } from './pages.js';
import { signInRoutes } from './signin.js';

/**
 * The browser pages: `GET`/`POST /signin`, `GET /account`, `POST /logout`. Every answer,
 * a page, a redirect or a failure, carries the page headers and is never cached; failures
 * are pages too, with the status /v1 would give them.
 */
export async function browserRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'config' | 'sessions' | 'csrf' | 'logins' | 'users' | 'orgs'>,
) {
  await app.register(formbody);
  app.setErrorHandler(
    errorHandler((failure, _request, reply) => {
      answer(reply, failure, typeCodes);
      return sendCardPage(reply, reply.statusCode, failurePage(failure, reply.statusCode));
    }),
  );
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(cardPageHeaders);
  });
  const deps: BrowserDeps = { ...services, cookies: browserCookies(services.config.publicUrl) };
  signInRoutes(app, deps);
  accountRoutes(app, deps);
}
