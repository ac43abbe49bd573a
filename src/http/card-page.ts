import type { FastifyReply } from 'fastify';
import { iconPath } from './icon.js';
import { escapeHtml, framingHeaders } from './pages.js';
import { stylesheetPath } from './stylesheet.js';

/**
 * The Content-Security-Policy of the browser pages: nothing runs or loads but our own
 * stylesheet and images, and a form posts only here, or, for a page whose form ends in a
 * redirect elsewhere, also to the `formActions` sources named (authorize/form-action.ts).
 */
export function cardPagePolicy(formActions: readonly string[] = []): string {
  return (
    "default-src 'none'; style-src 'self'; img-src 'self'; " +
    `form-action ${["'self'", ...formActions].join(' ')}; ` +
    "frame-ancestors 'none'; base-uri 'none'"
  );
}

/**
 * The headers of every answer of the browser pages (sign-in, account, sign-out, the
 * authorization endpoint), pages and redirects alike: the policy above, nothing frames a page
 * (clickjacking; X-Frame-Options for browsers without CSP frame-ancestors, RFC 7034), no URL
 * leaks in Referer to another site, and no cache keeps an answer that names a person or carries a CSRF token
 * (RFC 9111 §5.2.2.5).
 */
export const cardPageHeaders = {
  'content-security-policy': cardPagePolicy(),
  ...framingHeaders,
  // Not `no-referrer`: under it a browser posts the pages' own forms with `Origin: null`
  // (Fetch §3.1, "append a request `Origin` header"), which says nothing of where they were.
  // `same-origin` sends the origin and Referer to this server alone.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

/**
 * A browser page: one centred card under the product's name, styled by the stylesheet at
 * `stylesheetPath`, with the icon at `iconPath`. `body` is HTML whose every value is already
 * escaped; `wide` for a card with a table.
 */
export function renderCardPage(title: string, body: string, { wide = false } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Gatehouse</title>
<link rel="stylesheet" href="${stylesheetPath}">
<link rel="icon" href="${iconPath}" type="image/svg+xml">
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

/** Answers with a card page, with `status`; the headers are set by the plugin's hook. */
export function sendCardPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
