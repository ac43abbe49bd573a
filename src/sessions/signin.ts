import type { FastifyInstance } from 'fastify';
import { allowSignInRedirects } from '../authorize/form-action.js';
import { isCredentialInvalid } from '../errors.js';
import { sendCardPage } from '../http/card-page.js';
import { randomToken } from '../lib/random.js';
import { signInPage } from './pages.js';
import { safeReturnTo } from './return-to.js';
import { formFields, refuse, type BrowserDeps } from './browser.js';

/** Where a browser goes after signing in when it was not sent from elsewhere. */
export const afterSignIn = '/account';

/**
 * The one message of a refused sign-in: a wrong password, an unknown email and a locked
 * account or address read the same (OWASP Authentication Cheat Sheet), as `logins.signIn`
 * makes them look the same.
 */
export const signInRefused = 'The email address or password is incorrect.';
export const signInIncomplete = 'Enter your email address and your password.';

/**
 * `GET /signin` shows the form; `POST /signin` signs the person in through
 * `logins.signIn`, the one throttled sign-in of every surface. A refusal is the form again
 * with status 400: RFC 9110 §15.5.2 makes a 401 carry a WWW-Authenticate challenge, and a
 * form names no HTTP authentication scheme. A sign-in starts a new session (ending the one
 * the browser came with) and sends the browser on with 303 (RFC 9110 §15.4.4). On its way
 * back to an authorization request, the form may end at the client (authorize/form-action.ts).
 */
export function signInRoutes(app: FastifyInstance, deps: BrowserDeps): void {
  const { cookies, csrf, logins, sessions, clients } = deps;

  app.get('/signin', async (request, reply) => {
    const query = formFields(request.query);
    // The form is bound to a random value in a cookie of its own, made on first sight.
    let value = cookies.signIn.read(request);
    if (value === undefined) {
      value = randomToken(32);
      reply.header('set-cookie', cookies.signIn.set(value));
    }
    const returnTo = safeReturnTo(query.return_to);
    const page = signInPage({ csrfToken: csrf.tokenFor('signin', value), returnTo });
    await allowSignInRedirects(reply, returnTo, clients);
    return sendCardPage(reply, 200, page);
  });

  app.post('/signin', async (request, reply) => {
    const fields = formFields(request.body);
    const value = cookies.signIn.read(request);
    if (value === undefined || !csrf.check('signin', value, fields.csrf_token)) {
      return refuse(reply);
    }
    const returnTo = safeReturnTo(fields.return_to);
    const email = fields.email ?? '';
    const password = fields.password ?? '';
    const again = async (message: string) => {
      await allowSignInRedirects(reply, returnTo, clients);
      return sendCardPage(
        reply,
        400,
        signInPage({ csrfToken: csrf.tokenFor('signin', value), returnTo, email, message }),
      );
    };
    if (email.trim() === '' || password === '') return again(signInIncomplete);
    let userId: string;
    try {
      userId = (await logins.signIn(email, password, request.ip)).id;
    } catch (error) {
      if (isCredentialInvalid(error)) {
        return again(signInRefused);
      }
      throw error;
    }
    const { id } = await sessions.start(userId, cookies.session.read(request));
    reply.header('set-cookie', cookies.session.set(id));
    return reply.redirect(returnTo ?? afterSignIn, 303);
  });
}
