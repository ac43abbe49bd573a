import type { FastifyRequest } from 'fastify';

/** A cookie of the browser pages: how it is read from a request and written to an answer. */
export interface Cookie {
  readonly name: string;
  /** The value the request carries, if it has the shape of one we set (a random token). */
  read(request: FastifyRequest): string | undefined;
  /** The Set-Cookie value that stores `value` until the browser closes. */
  set(value: string): string;
  /** The Set-Cookie value that removes it. */
  clear(): string;
}

export interface BrowserCookies {
  /** The session id of a signed-in browser (sessions/service.ts). */
  session: Cookie;
  /** A random value the sign-in form's CSRF token is bound to before there is a session. */
  signIn: Cookie;
}

// What `randomToken(32)` makes: 43 base64url characters. Anything else is not ours.
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * The browser pages' cookies. Served over https (PUBLIC_URL), each is named `__Host-...`:
 * the browser then takes it only with `Secure; Path=/` and no Domain, so that no other
 * host, not even a sibling subdomain, can set or overwrite it (RFC 6265bis §4.1.3.2).
 * Always `HttpOnly` (no script reads it) and `SameSite=Lax` (no cross-site POST carries
 * it, while a link from another site still arrives signed in; RFC 6265bis §8.8). No
 * Max-Age: the browser forgets it when it closes; the server ends the session anyway.
 */
export function browserCookies(publicUrl: string): BrowserCookies {
  const secure = new URL(publicUrl).protocol === 'https:';
  const cookie = (base: string): Cookie => {
    const name = secure ? `__Host-${base}` : base;
    const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    return {
      name,
      read: (request) => {
        const value = readCookie(request.headers.cookie, name);
        return value !== undefined && tokenShape.test(value) ? value : undefined;
      },
      set: (value) => `${name}=${value}; ${attributes}`,
      clear: () => `${name}=; ${attributes}; Max-Age=0`,
    };
  };
  return { session: cookie('gatehouse_session'), signIn: cookie('gatehouse_signin') };
}

/**
 * The first value of cookie `name` in a Cookie header (RFC 6265 §5.4: `name=value` pairs
 * separated by `; `). The first is the one of the most specific path, as browsers order them.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
