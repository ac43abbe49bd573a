import type { FastifyReply } from 'fastify';
import type { Target } from './target.js';

/**
 * The redirect URI with the authorization response in its query: `code` (RFC 6749 §4.1.2) or
 * `error` and `error_description` (§4.1.2.1), then `state` when the client sent one, and
 * `iss`, this server's issuer, so that a client talking to several servers knows which one
 * answered (RFC 9207 §2; RFC 9700 §4.4). The URI's own query is kept as registered, byte for
 * byte (§3.1.2), and the response's parameters are added after it.
 */
export function responseUri(
  target: Pick<Target, 'redirectUri' | 'state'>,
  issuer: string,
  fields: Record<string, string>,
): string {
  const query = new URLSearchParams(fields);
  if (target.state !== undefined) query.set('state', target.state);
  query.set('iss', issuer);
  const uri = target.redirectUri;
  const separator = !uri.includes('?') ? '?' : /[?&]$/.test(uri) ? '' : '&';
  return `${uri}${separator}${query.toString()}`;
}

/**
 * Sends the browser to `location` with 303 See Other: after the consent form's POST, it makes
 * the browser GET the redirect URI without re-posting the form (RFC 9110 §15.4.4), where a
 * 307 would re-post the person's form to the client (RFC 9700 §4.12). The GET answers alike,
 * so that a client meets one status.
 */
export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}
