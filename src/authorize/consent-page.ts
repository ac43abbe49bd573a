import type { Client } from '../clients/service.js';
import { renderCardPage } from '../http/card-page.js';
import { escapeHtml as escape } from '../http/pages.js';
import { csrfField } from '../sessions/csrf.js';
import { hidden } from '../sessions/pages.js';
import type { EligibleOrg } from './eligible-orgs.js';
import {
  authorizationParameters,
  authorizePath,
  type AuthorizationParameters,
} from './parameters.js';
import { scopeList } from './scope-words.js';

/** What the consent page shows and what its form carries. */
export interface ConsentPageInput {
  client: Pick<Client, 'name' | 'install'>;
  redirectUri: string;
  person: { name: string; email: string };
  /** The orgs to choose from, the first checked; one is shown without a choice. */
  orgs: readonly EligibleOrg[];
  scopes: readonly string[];
  /** The authorization request, carried as hidden fields and checked again on POST. */
  params: AuthorizationParameters;
  csrfToken: string;
  /** Where to come back after "Not you? Sign out" and signing in as someone else. */
  returnTo: string;
}

/**
 * The consent page (OpenID Connect Core §3.1.2.4): who asks (the client's name, first and
 * large), who is signed in (with a way out for someone else), the org, what the client may
 * do in plain words, or for an install client which org it is installed into, and Allow and
 * Deny. Deny comes first in the form, so that Enter in the form denies; both post the whole
 * request back, which the endpoint checks again, trusting none of it (RFC 9700 §4.7).
 */
export function consentPage(input: ConsentPageInput): string {
  const { client, person, params } = input;
  const name = escape(client.name);
  const carried = authorizationParameters
    .filter((field) => field !== 'org_id')
    .flatMap((field) => {
      const value = params[field];
      return value === undefined ? [] : [hidden(field, value)];
    });
  const heading = client.install
    ? `<h1>Install <span class="client">${name}</span></h1>`
    : `<h1><span class="client">${name}</span> wants to access your account</h1>`;
  const what = client.install
    ? `<p>${name} gets an API key of its own for the organization, and acts there until it is uninstalled.</p>`
    : `<p>This will allow ${name} to:</p>\n${scopeList(input.scopes, person.email)}`;
  const afterwards = client.install
    ? ''
    : ' You can withdraw this on <a href="/account">your account page</a>.';
  return renderCardPage(
    client.install ? `Install ${client.name}` : `Allow ${client.name}`,
    `${heading}
<div class="person">
<p>Signed in as <strong>${escape(person.name)}</strong>${person.name === person.email ? '' : ` (${escape(person.email)})`}</p>
<form method="post" action="/logout">
${hidden(csrfField, input.csrfToken)}
${hidden('return_to', input.returnTo)}
<button type="submit" class="link">Not you? Sign out</button>
</form>
</div>
<form method="post" action="${authorizePath}">
${hidden(csrfField, input.csrfToken)}
${carried.join('\n')}
${orgChoice(client, input.orgs)}
${what}
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>
</form>
<p class="muted">Either way, you go back to ${escape(siteOf(input.redirectUri))}.${afterwards}</p>`,
  );
}

/** The org the answer is for: a radio list to choose from, or the one org, named. */
function orgChoice(client: Pick<Client, 'name' | 'install'>, orgs: readonly EligibleOrg[]): string {
  const [only, ...more] = orgs;
  if (only !== undefined && more.length === 0) {
    const named = `<strong>${escape(only.name)}</strong>`;
    return `${hidden('org_id', only.id)}
<p>${client.install ? `Install ${escape(client.name)} into ${named}?` : `In ${named}`}</p>`;
  }
  const legend = client.install ? `Install ${escape(client.name)} into` : 'Organization';
  const choices = orgs.map(
    (org, index) =>
      `<label class="choice"><input type="radio" name="org_id" value="${escape(org.id)}"${index === 0 ? ' checked' : ''}> ${escape(org.name)}</label>`,
  );
  return `<fieldset>\n<legend>${legend}</legend>\n${choices.join('\n')}\n</fieldset>`;
}

/** Where the redirect URI leads, as a person reads it: its origin, or an app's own scheme. */
function siteOf(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.origin === 'null' ? url.protocol : url.origin;
}
