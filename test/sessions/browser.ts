import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { form } from '../helpers/app.js';

/** The headers every answer of the browser pages carries. */
export const pageHeaders = {
  // The policy's directives, as the pages need them: their own stylesheet and images only.
  'content-security-policy': [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  // Not no-referrer, under which a browser posts the pages' forms with `Origin: null`.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Asserts the page headers on `res`, and the HTML type when it is a page. */
export function expectPageHeaders(res: LightMyRequestResponse, html = true): void {
  expect(res.headers).toMatchObject(pageHeaders);
  if (html) expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
}

/** The Set-Cookie lines of an answer. */
export function setCookies(res: LightMyRequestResponse): string[] {
  const header = res.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** The value of the hidden CSRF field of the page's (first) form. */
export function csrfOf(res: LightMyRequestResponse): string {
  const token = /<input type="hidden" name="csrf_token" value="([^"]*)">/.exec(res.body)?.[1];
  if (token === undefined) throw new Error(`no CSRF field in:\n${res.body}`);
  return token;
}

/**
 * A browser as the tests drive it: it keeps the cookies each answer sets (and drops those
 * it clears) and sends them back, from one client address.
 */
export function browser(app: FastifyInstance, remoteAddress = '127.0.0.1') {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const keep = (res: LightMyRequestResponse) => {
    for (const line of setCookies(res)) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (/;\s*Max-Age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const headers = () => (jar.size === 0 ? {} : { cookie: cookieHeader() });
  return {
    jar,
    get: async (url: string) =>
      keep(await app.inject({ method: 'GET', url, headers: headers(), remoteAddress })),
    post: async (
      url: string,
      fields: Record<string, string>,
      more: Record<string, string> = {},
    ) => {
      const body = form(fields);
      return keep(
        await app.inject({
          method: 'POST',
          url,
          headers: { ...body.headers, ...headers(), ...more },
          payload: body.payload,
          remoteAddress,
        }),
      );
    },
    /** GETs the sign-in page and posts its form, as a person does. */
    async signIn(email: string, password: string, returnTo?: string) {
      const page = await this.get(
        returnTo === undefined ? '/signin' : `/signin?return_to=${encodeURIComponent(returnTo)}`,
      );
      expect(page.statusCode).toBe(200);
      return this.post('/signin', {
        csrf_token: csrfOf(page),
        email,
        password,
        ...(returnTo === undefined ? {} : { return_to: returnTo }),
      });
    },
  };
}

export type Browser = ReturnType<typeof browser>;
