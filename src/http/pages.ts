import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * The informational pages (the home page, the sandbox's credentials) are sent through here,
 * in one look: a page loads nothing and runs no script (CSP allows only its own stylesheet,
 * by hash), cannot be framed (clickjacking), leaks no URL in Referer, and is not cached when
 * it shows secrets. The sign-in pages are cards of their own (card-page.ts) with the same
 * framing and referrer headers.
 */
const stylesheet =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}\n' +
  'th{text-align:left;padding-right:1rem;font-weight:normal;color:#555}\n' +
  'pre{background:#f4f4f4;padding:.75rem;overflow-x:auto;white-space:pre-wrap;' +
  'word-break:break-all}';

// CSP Level 3 §8.2: an inline <style> runs only if its hash is listed.
const styleHash = createHash('sha256').update(stylesheet).digest('base64');

/**
 * What every HTML page of Gatehouse sends besides its CSP; the browser pages, which have
 * forms, send `Referrer-Policy: same-origin` instead (http/card-page.ts).
 */
export const framingHeaders = {
  // For browsers without CSP frame-ancestors (RFC 7034).
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

export const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; ` +
    "form-action 'self'; frame-ancestors 'none'",
  ...framingHeaders,
} as const;

/** A whole page around `body` (already escaped HTML), in the house look. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${stylesheet}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Sends a page with the page headers; `showsSecrets` pages are never stored by a cache. */
export function sendPage(
  reply: FastifyReply,
  html: string,
  { showsSecrets }: { showsSecrets: boolean },
): FastifyReply {
  reply.headers(pageHeaders);
  if (showsSecrets) reply.header('cache-control', 'no-store');
  return reply.send(html);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
