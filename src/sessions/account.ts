import type { FastifyInstance } from 'fastify';
import { sendCardPage } from '../http/card-page.js';
import { accountPage } from './pages.js';
import { signInPath } from './return-to.js';
import { formFields, refuse, type BrowserDeps } from './browser.js';
import { signedIn } from './signed-in.js';

/**
 * `GET /account`: who is signed in, their organizations and roles, and a sign-out button;
 * a browser that is not signed in is sent to sign in and brought back (303).
 * `POST /logout`: CSRF-checked; ends the session, removes the cookie, and sends the
 * browser to the sign-in page (303). Without a valid token it is refused and the session
 * goes on.
 */
export function accountRoutes(app: FastifyInstance, deps: BrowserDeps): void {
  const { cookies, csrf, sessions, users, orgs } = deps;

  app.get('/account', async (request, reply) => {
    const current = await signedIn(request, { cookie: cookies.session, sessions });
    const user = current && (await users.get(current.session.userId));
    if (current === undefined || user === undefined) {
      // A cookie that names no live session is removed on the way.
      if (cookies.session.read(request) !== undefined) {
        reply.header('set-cookie', cookies.session.clear());
      }
      return reply.redirect(signInPath('/account'), 303);
    }
    const memberships = await users.memberships(user.id);
    const named = await Promise.all(
      memberships.map(async (m) => ({
        name: (await orgs.get(m.orgId))?.name ?? m.orgId,
        role: m.role,
      })),
    );
    const page = accountPage({
      name: user.name,
      email: user.email,
      orgs: named,
      csrfToken: csrf.tokenFor('session', current.id),
    });
    return sendCardPage(reply, 200, page);
  });

  app.post('/logout', async (request, reply) => {
    const id = cookies.session.read(request);
    if (id === undefined || !csrf.check('session', id, formFields(request.body).csrf_token)) {
      return refuse(reply);
    }
    await sessions.end(id);
    reply.header('set-cookie', cookies.session.clear());
    return reply.redirect('/signin', 303);
  });
}
