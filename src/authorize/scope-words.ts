import { escapeHtml as escape } from '../http/pages.js';

/**
 * What a scope lets the client do, in plain words for the consent page (HTML, escaped): the
 * OpenID Connect scopes (OpenID Connect Core §5.4) say what the client will learn; any other
 * scope is shown as its token, which is what the client's API documents.
 */
export function scopeWords(scope: string, email: string): string {
  switch (scope) {
    case 'openid':
      return `Confirm that you are <strong>${escape(email)}</strong>`;
    case 'profile':
      return 'See your name';
    case 'email':
      return 'See your email address';
    // management/access.ts: what a token with it may do at /v1.
    case 'manage':
      return "Manage the organization's API keys and clients, as far as your role allows";
    default:
      return `Use the <code>${escape(scope)}</code> permission on your behalf`;
  }
}

/** The consent page's list of what the client may do; a request for no scope says so. */
export function scopeList(scopes: readonly string[], email: string): string {
  const items =
    scopes.length === 0
      ? // A token without scopes acts with the person's role, as the password grant's do.
        ['Act on your behalf with everything your role in the organization allows']
      : scopes.map((scope) => scopeWords(scope, email));
  return `<ul class="scopes">\n${items.map((item) => `<li>${item}</li>`).join('\n')}\n</ul>`;
}
