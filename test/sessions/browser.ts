import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { form } from '../helpers/app.js';

/**
 * The headers every answer of the browser pages carries; a page whose form ends in a redirect
 * to a client also lets its form reach the `formAction` source given.
 */
const pageHeadersWith = (formAction?: string) => ({
  // The policy's directives, as the pages need them: their own stylesheet and images only.
  'content-security-policy': [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    formAction === undefined ? "form-action 'self'" : `form-action 'self' ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  // Not no-referrer, under which a browser posts the pages' forms with `Origin: null`.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/** The headers of a page whose forms post only to this server. */
export const pageHeaders = pageHeadersWith();

/**
 * Asserts the page headers on `res`, and the HTML type when it is a page; `formAction` is the
 * one source its form may reach besides this server, if any.
 */
export function expectPageHeaders(
  res: LightMyRequestResponse,
  html = true,
  formAction?: string,
): void {
  expect(res.headers).toMatchObject(pageHeadersWith(formAction));
  if (html) expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
}

/** A whole card page as the server writes it (http/card-page.ts), typed out for comparison. */
export function cardPage(title: string, body: string, { wide = false } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Gatehouse</title>
<link rel="stylesheet" href="/assets/gatehouse.css">
<link rel="icon" href="/assets/gatehouse.svg" type="image/svg+xml">
</head>
<body>
<main${wide ? ' class="wide"' : ''}>
<p class="brand">Gatehouse</p>
${body}
</main>
</body>
</html>
`;
}

/** The page of a request the pages could not handle (400), saying `message`. */
export function failedPage(message: string): string {
  return cardPage(
    'This request could not be handled',
    `<h1>This request could not be handled</h1>
<p>${message}</p>
<p><a href="/signin">Go to the sign-in page</a></p>`,
  );
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

/** Text of an HTML attribute or element, unescaped (http/pages.ts escapeHtml, undone). */
function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The attributes of one tag's source (`type="radio" name="x" checked`). */
function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name = '', value] of tag.matchAll(/([a-z_-]+)(?:="([^"]*)")?/g)) {
    attributes.set(name, unescapeHtml(value ?? ''));
  }
  return attributes;
}

/**
 * What a browser submits with the page's form that posts to `action`, as a person leaves it:
 * its hidden fields and checked radio buttons, in page order. Throws if there is no such form.
 */
export function formOf(res: LightMyRequestResponse, action: string): Record<string, string> {
  const form = res.body
    .split('<form ')
    .slice(1)
    .find((part) => part.startsWith(`method="post" action="${action}">`));
  if (form === undefined) throw new Error(`no form posting to ${action} in:\n${res.body}`);
  const fields: Record<string, string> = {};
  for (const [, tag = ''] of form.split('</form>')[0]?.matchAll(/<input ([^>]*)>/g) ?? []) {
    const input = attributesOf(tag);
    const [type, name, value] = [input.get('type'), input.get('name'), input.get('value')];
    if (name === undefined || value === undefined) continue;
    if (type === 'hidden' || (type === 'radio' && input.has('checked'))) fields[name] = value;
  }
  return fields;
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
    /** Follows a redirect to a page of this server (a path), as a browser does. */
    async follow(res: LightMyRequestResponse) {
      const location = res.headers.location;
      if (typeof location !== 'string' || !location.startsWith('/')) {
        throw new Error(`not a redirect to this server: ${res.statusCode} ${String(location)}`);
      }
      return this.get(location);
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
