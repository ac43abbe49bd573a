import type { FastifyInstance, onSendHookHandler } from 'fastify';

/**
 * Cross-origin access for the endpoints a browser app calls itself (Fetch Standard, "CORS
 * protocol"): discovery, the JWKS, `/oauth/token`, `/oauth/userinfo` and `/oauth/revoke`, so
 * that a public client such as the sandbox's `gatehouse_demo_spa`, served from its own origin,
 * can redeem its code, refresh, read userinfo and sign out. Any origin may: none of these
 * endpoints reads a cookie or any other credential the browser adds by itself, so a page of
 * another site can do nothing here that it could not do from a server of its own; what it
 * sends (a code and its PKCE verifier, a token, a client's secret) is what decides. Hence no
 * `Access-Control-Allow-Credentials`. Introspection stays closed: it is for resource servers.
 * The browser pages (sign-in, consent) are navigated to, never fetched, and send no CORS.
 */
const allowAnyOrigin = {
  'access-control-allow-origin': '*',
  // RFC 6750 §3: an app reads why its token was refused from the challenge.
  'access-control-expose-headers': 'WWW-Authenticate',
} as const;

/**
 * Adds the CORS headers to every answer of a route, refusals included: an `onSend` step, so
 * that it also marks what the server's own `onRequest` steps refuse before the route's run.
 * Synchronous, so it costs no promise a request.
 */
export const withCors: onSendHookHandler = (_request, reply, payload, done) => {
  reply.headers(allowAnyOrigin);
  done(null, payload);
};

/**
 * Answers the browser's preflight for `url` (an OPTIONS request before a POST with a form or
 * a GET with an Authorization header): 204, the methods, the two request headers the app
 * sends, and how long the browser may keep the answer.
 */
export function preflight(app: FastifyInstance, url: string, methods: readonly string[]): void {
  app.options(url, async (_request, reply) =>
    reply
      .code(204)
      .headers({
        ...allowAnyOrigin,
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': 'Authorization, Content-Type',
        'access-control-max-age': '600',
      })
      .send(),
  );
}
