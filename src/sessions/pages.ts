import { renderCardPage } from '../http/card-page.js';
import { escapeHtml as escape } from '../http/pages.js';
import type { Failure } from '../http/wire-error.js';
import { csrfField } from './csrf.js';

/** A hidden field of a form; `name` is ours, `value` is escaped. */
export const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${name}" value="${escape(value)}">`;

/** The sign-in form; `message` (a refusal) is shown above it and read out first. */
export function signInPage({
  csrfToken,
  returnTo,
  email = '',
  message,
}: {
  csrfToken: string;
  returnTo: string | undefined;
  email?: string;
  message?: string;
}): string {
  const alert =
    message === undefined
      ? ''
      : `<p class="alert" role="alert" id="signin-error">${escape(message)}</p>\n`;
  const described = message === undefined ? '' : ' aria-describedby="signin-error"';
  return renderCardPage(
    'Sign in',
    `<h1>Sign in</h1>
${alert}<form method="post" action="/signin">
${hidden(csrfField, csrfToken)}
${returnTo === undefined ? '' : `${hidden('return_to', returnTo)}\n`}<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escape(email)}"${described}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** One membership as the account page lists it. */
export interface AccountOrg {
  name: string;
  role: string;
}

/** A consent the person gave at the authorization endpoint, as the account page lists it. */
export interface AccountConsent {
  clientId: string;
  clientName: string;
  orgId: string;
  orgName: string;
  scopes: readonly string[];
}

/**
 * Who is signed in, their organizations and roles, the applications they allowed (each with
 * a Revoke button), and the sign-out button.
 */
export function accountPage({
  name,
  email,
  orgs,
  consents,
  csrfToken,
}: {
  name: string;
  email: string;
  orgs: readonly AccountOrg[];
  consents: readonly AccountConsent[];
  csrfToken: string;
}): string {
  const list =
    orgs.length === 0
      ? '<p class="muted">You are not a member of any organization.</p>'
      : `<table>
<thead><tr><th scope="col">Organization</th><th scope="col">Role</th></tr></thead>
<tbody>
${orgs.map((org) => `<tr><td>${escape(org.name)}</td><td>${escape(org.role)}</td></tr>`).join('\n')}
</tbody>
</table>`;
  return renderCardPage(
    'Your account',
    `<h1>Your account</h1>
<dl>
<dt>Name</dt><dd>${escape(name)}</dd>
<dt>Email</dt><dd>${escape(email)}</dd>
</dl>
<h2>Organizations</h2>
${list}
<h2>Applications you allowed</h2>
${consentList(consents, csrfToken)}
<form method="post" action="/logout">
${hidden(csrfField, csrfToken)}
<button type="submit" class="secondary">Sign out</button>
</form>`,
    { wide: true },
  );
}

/**
 * The consents the authorization endpoint remembers (oauth/consents.ts), each with a button
 * that forgets it: the application is then asked again next time.
 */
function consentList(consents: readonly AccountConsent[], csrfToken: string): string {
  if (consents.length === 0) {
    return '<p class="muted">You have not allowed any application.</p>';
  }
  const rows = consents.map((consent) => {
    const scopes =
      consent.scopes.length === 0
        ? '<span class="muted">none</span>'
        : escape(consent.scopes.join(' '));
    return `<tr>
<td>${escape(consent.clientName)}</td>
<td>${escape(consent.orgName)}</td>
<td>${scopes}</td>
<td><form method="post" action="/account/consents/revoke">
${hidden(csrfField, csrfToken)}
${hidden('client_id', consent.clientId)}
${hidden('org_id', consent.orgId)}
<button type="submit" class="secondary small">Revoke</button>
</form></td>
</tr>`;
  });
  return `<table class="consents">
<thead><tr><th scope="col">Application</th><th scope="col">Organization</th><th scope="col">Permissions</th><th scope="col"><span class="visually-hidden">Revoke</span></th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** The answer to a POST whose CSRF token is missing or wrong: nothing was done. */
export const refusedPage = renderCardPage(
  'Request refused',
  `<h1>This form could not be accepted</h1>
<p>It has expired, it did not come from a Gatehouse page, or your browser did not send
Gatehouse's cookie. Nothing was changed.</p>
<p><a href="/signin">Go to the sign-in page</a></p>`,
);

/** Any other failure of the browser pages, in their look, with nothing of its cause shown. */
export function failurePage(failure: Failure, status: number): string {
  const heading = status >= 500 ? 'Something went wrong' : 'This request could not be handled';
  const detail = status >= 500 ? 'Please try again in a moment.' : failure.message;
  return renderCardPage(
    heading,
    `<h1>${escape(heading)}</h1>
<p>${escape(detail)}</p>
<p><a href="/signin">Go to the sign-in page</a></p>`,
  );
}
