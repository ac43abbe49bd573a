import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import type { BrowserDeps } from '../sessions/browser.js';
import { signedIn, type SignedIn } from '../sessions/signed-in.js';
import { eligibleOrgs, type EligibleOrg } from './eligible-orgs.js';
import { authorizeError } from './errors.js';
import type { AuthorizationParameters } from './parameters.js';
import { checkRequest, type AuthorizationRequest } from './request.js';
import { asksForNothingShown, mustSignInAgain, returnAfterSignIn } from './sign-in.js';
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
 * (target.ts): a person signed in, then the request's parameters (request.ts), then a sign-in
 * recent enough for them (sign-in.ts), then the orgs the person may let the client act in
 * (eligible-orgs.ts). A failure is thrown for the client; a person who must sign in first is
 * sent to the sign-in page, or, if the client asked that nothing be shown (`prompt=none`),
 * the client is told `login_required` (OpenID Connect Core §3.1.2.6).
 *
 * RFC 9700 §4.11.2: nothing is sent to the redirect URI before a person is signed in, else
 * anyone who registers a redirect URI could have Gatehouse send any browser there with a
 * broken request. So a browser nobody is signed in at is sent to sign in before its request
 * is checked; the one exception is silent authentication (`prompt=none`), told
 * `login_required` whatever else is wrong with the request: its answer is the same as a
 * valid one's, and says nothing of the rest.
 */
export async function admit(
  http: { request: FastifyRequest; reply: FastifyReply },
  read: ReadonlyMap<string, string>,
  params: AuthorizationParameters,
  { client }: Target,
  deps: AuthorizeDeps,
): Promise<Admitted | Answer> {
  const { cookies, sessions, users, clock } = deps;
  const current = await signedIn(http.request, { cookie: cookies.session, sessions });
  const user = current && (await users.get(current.session.userId));
  if (current === undefined || user === undefined) {
    return signInFirst(http, read, params, current, deps);
  }
  const request = checkRequest(read, params, client);
  if (mustSignInAgain(request, current, clock.now())) {
    return signInFirst(http, read, params, current, deps);
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

/** To the sign-in page, or `login_required` for a client that asked that nothing be shown. */
async function signInFirst(
  http: { request: FastifyRequest; reply: FastifyReply },
  read: ReadonlyMap<string, string>,
  params: AuthorizationParameters,
  current: SignedIn | undefined,
  { cookies, sessions }: AuthorizeDeps,
): Promise<Answer> {
  if (asksForNothingShown(params)) {
    throw authorizeError('login_required', 'the person must sign in');
  }
  // Nobody signed in, `prompt=login` or a sign-in too old: a session the browser has no
  // longer answers for the person, so it ends here, and the way back after sign-in cannot be taken without signing in.
  if (current !== undefined) await sessions.end(current.id);
  if (cookies.session.read(http.request) !== undefined) {
    http.reply.header('set-cookie', cookies.session.clear());
  }
  return { to: 'sign-in', returnTo: returnAfterSignIn(params, read) };
}
