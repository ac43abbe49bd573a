import type { FastifyReply } from 'fastify';
import { sendCardPage } from '../http/card-page.js';
import type { Services } from '../services.js';
import type { BrowserCookies } from './cookie.js';
import { refusedPage } from './pages.js';

/** What the browser pages use of the services, with the cookies of this server's URL. */
export type BrowserDeps = Pick<Services, 'sessions' | 'csrf' | 'logins' | 'users' | 'orgs'> & {
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
