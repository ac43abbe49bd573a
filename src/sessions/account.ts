import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';
import { sendCardPage } from '../http/card-page.js';
import { accountPage, type AccountConsent } from './pages.js';
import { safeReturnTo, signInPath } from './return-to.js';
import { formFields, refuse, type BrowserDeps } from './browser.js';
import { signedIn } from './signed-in.js';

/**
 * `GET /account`: who is signed in, their organizations and roles, the applications they
 * allowed, and a sign-out button; a browser that is not signed in is sent to sign in and
 * brought back (303).
 * `POST /account/consents/revoke`: CSRF-checked; forgets one remembered consent of the
 * session's person, so that the application asks again next time, ends the application's
 * refresh tokens for the person in that org with their live access tokens
 * (oauth/consents.ts), and goes back to the account page (303).
 * `POST /logout`: CSRF-checked; ends the session, removes the cookie, and sends the
 * browser to the sign-in page (303), with the way back to a `return_to` it carries (the
 * consent page's "Not you?"). Without a valid token it is refused and the session goes on.
 */
export function accountRoutes(app: FastifyInstance, deps: BrowserDeps): void {
  const { cookies, csrf, sessions, users, orgs, consents } = deps;

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
    const orgName = async (orgId: string) => (await orgs.get(orgId))?.name ?? orgId;
    const memberships = await users.memberships(user.id);
    const named = await Promise.all(
      memberships.map(async (m) => ({ name: await orgName(m.orgId), role: m.role })),
    );
    const page = accountPage({
      name: user.name,
      email: user.email,
      orgs: named,
      consents: await consentsOf(user.id, deps, orgName),
      csrfToken: csrf.tokenFor('session', current.id),
    });
    return sendCardPage(reply, 200, page);
  });

  app.post('/account/consents/revoke', async (request, reply) => {
    const fields = formFields(request.body);
    if (!csrf.check('session', cookies.session.read(request), fields.csrf_token)) {
      return refuse(reply);
    }
    const current = await signedIn(request, { cookie: cookies.session, sessions });
    if (current === undefined) return reply.redirect(signInPath('/account'), 303);
    const { client_id: clientId, org_id: orgId } = fields;
    if (clientId === undefined || orgId === undefined) {
      throw new DomainError(
        'invalid_input',
        'The form must name the application and the organization.',
      );
    }
    await consents.revoke(current.session.userId, clientId, orgId);
    return reply.redirect('/account', 303);
  });

  app.post('/logout', async (request, reply) => {
    const id = cookies.session.read(request);
    const fields = formFields(request.body);
    if (id === undefined || !csrf.check('session', id, fields.csrf_token)) {
      return refuse(reply);
    }
    await sessions.end(id);
    reply.header('set-cookie', cookies.session.clear());
    const returnTo = safeReturnTo(fields.return_to);
    return reply.redirect(returnTo === undefined ? '/signin' : signInPath(returnTo), 303);
  });
}

/** The person's remembered consents, named; those of a client since revoked are left out. */
async function consentsOf(
  userId: string,
  { consents, clients }: Pick<BrowserDeps, 'consents' | 'clients'>,
  orgName: (orgId: string) => Promise<string>,
): Promise<AccountConsent[]> {
  const named = await Promise.all(
    (await consents.list(userId)).map(async (consent) => {
      const client = await clients.find(consent.clientId);
      return client === undefined
        ? []
        : [{ ...consent, clientName: client.name, orgName: await orgName(consent.orgId) }];
    }),
  );
  return named.flat();
}
