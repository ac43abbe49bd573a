import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendCardPage } from '../http/card-page.js';
import type { Services } from '../services.js';
import type { BrowserCookies } from './cookie.js';
import { refusedPage } from './pages.js';

/** What the browser pages use of the services, with the cookies of this server's URL. */
export type BrowserDeps = Pick<
  Services,
  'sessions' | 'csrf' | 'logins' | 'users' | 'orgs' | 'clients' | 'consents'
> & {
  cookies: BrowserCookies;
};

/** The fields of a form-encoded body; a repeated or missing field is absent. */
export function formFields(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * A POST whose CSRF token is missing or wrong: 403, and nothing done (OWASP CSRF
 * Prevention Cheat Sheet).
 */
export function refuse(reply: FastifyReply): FastifyReply {
  return sendCardPage(reply, 403, refusedPage);
}

/**
 * Whether a POST comes from a page of this server, by what the browser says of it (OWASP
 * CSRF Prevention Cheat Sheet, "Fetch Metadata" and "Verifying Origin With Standard
 * Headers"): `Sec-Fetch-Site` must be `same-origin` (or `none`, typed by the person), and an
 * `Origin` must be this server's, as `PUBLIC_URL` names it or as the request reached it. A
 * sibling site that planted a cookie (cookie tossing) still cannot post a form here. A
 * client that sends neither header is no browser, and the CSRF token alone decides.
 */
export function fromThisSite(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  // A page under `Referrer-Policy: no-referrer` (one cached before the pages sent
  // `same-origin`, or a browser set to send no referrer) posts its forms with `Origin: null`
  // (Fetch Standard, "append a request `Origin` header"). Then `Sec-Fetch-Site`, checked
  // above, is what says where the form was.
  if (origin === 'null' && site !== undefined) return true;
  const reached = `${request.protocol}://${request.host}`;
  return origin === new URL(publicUrl).origin || origin === reached;
}
