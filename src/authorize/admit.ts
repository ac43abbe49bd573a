import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import type { BrowserDeps } from '../sessions/browser.js';
import { signedIn } from '../sessions/signed-in.js';
import { eligibleOrgs, type EligibleOrg } from './eligible-orgs.js';
import { authorizeError } from './errors.js';
import type { AuthorizationParameters } from './parameters.js';
import { checkRequest, type AuthorizationRequest } from './request.js';
import { mustSignIn, returnAfterSignIn } from './sign-in.js';
import type { Target } from './target.js';

/** What the authorization endpoint uses of the services, besides the browser pages' own. */
export type AuthorizeDeps = BrowserDeps &
  Pick<
    Services,
    'config' | 'clock' | 'clients' | 'consents' | 'authorizationCodes' | 'accessCodes'
  >;

/** Where the endpoint sends the browser, short of an error for the client. */
export type Answer =
  | { to: 'client'; fields: Record<string, string> }
  | { to: 'sign-in'; returnTo: string }
  | { to: 'consent'; html: string };

/** The person signed in, as the endpoint needs them. */
export interface Person {
  userId: string;
  /** When they signed in (OpenID Connect Core §2, `auth_time`). */
  authTime: number;
  /** Their session's id, which the consent form's CSRF token is bound to. */
  sessionId: string;
  name: string;
  email: string;
}

/** A request checked, the person who answers it, and the orgs they may answer it in. */
export interface Admitted {
  request: AuthorizationRequest;
  person: Person;
  orgs: EligibleOrg[];
}

/**
 * The steps the GET and the consent form's POST share, after the client and its redirect URI
 * (target.ts): the request's parameters (request.ts), then a person signed in recently enough
 * (sign-in.ts), then the orgs they may let the client act in (eligible-orgs.ts). A failure is
 * thrown for the client; a person who must sign in first is sent to the sign-in page, or, if
 * the client asked that nothing be shown (`prompt=none`), the client is told
 * `login_required` (OpenID Connect Core §3.1.2.6).
 */
export async function admit(
  http: { request: FastifyRequest; reply: FastifyReply },
  read: ReadonlyMap<string, string>,
  params: AuthorizationParameters,
  { client }: Target,
  deps: AuthorizeDeps,
): Promise<Admitted | Answer> {
  const { cookies, sessions, users, clock } = deps;
  const request = checkRequest(read, params, client);
  const current = await signedIn(http.request, { cookie: cookies.session, sessions });
  const user = current && (await users.get(current.session.userId));
  if (current === undefined || user === undefined || mustSignIn(request, current, clock.now())) {
    if (request.prompt.has('none')) {
      throw authorizeError('login_required', 'the person must sign in');
    }
    // `prompt=login` or a sign-in too old: this session no longer answers for the person, so
    // it ends here, and the way back after sign-in cannot be taken without signing in.
    if (current !== undefined) await sessions.end(current.id);
    if (cookies.session.read(http.request) !== undefined) {
      http.reply.header('set-cookie', cookies.session.clear());
    }
    return { to: 'sign-in', returnTo: returnAfterSignIn(params) };
  }
  const person = {
    userId: user.id,
    authTime: current.session.authTime,
    sessionId: current.id,
    name: user.name,
    email: user.email,
  };
  const orgs = await eligibleOrgs(client, user.id, request.orgId, deps);
  return { request, person, orgs };
}
