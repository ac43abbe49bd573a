import type { FastifyReply } from 'fastify';
import type { ClientService } from '../clients/service.js';
import { isDomainError } from '../errors.js';
import { cardPagePolicy } from '../http/card-page.js';
import { authorizationParametersOf, authorizePath, readParameters } from './parameters.js';
import { findTarget } from './target.js';

// CSP Level 3 source lists, `host-part`: labels of letters, digits and hyphens. A host the
// URL parser accepts beyond these (an IPv6 literal; `;` or `,`, which would end the
// directive) is never written into the header.
const cspHost = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

/**
 * The CSP source a form must be allowed to reach for its POST to end at `redirectUri`:
 * Chromium checks `form-action` against every redirect that follows a form's submission,
 * not only against the form's `action` (CSP Level 3 `form-action`; w3c/webappsec-csp#8), so
 * the form that ends in a redirect to the client needs the client's origin there. The
 * origin of an http(s) URI (scheme, host, port); the scheme alone for a native app's
 * private-use scheme (RFC 8252 §7.1) or a host CSP cannot name.
 */
export function formActionSource(redirectUri: string): string {
  const url = new URL(redirectUri);
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  return web && cspHost.test(url.hostname) ? url.origin : url.protocol;
}

/** Sets the policy of a page whose form may end in a redirect to `redirectUri`. */
export function allowFormRedirectTo(reply: FastifyReply, redirectUri: string): FastifyReply {
  return reply.header('content-security-policy', cardPagePolicy([formActionSource(redirectUri)]));
}

/**
 * Sets the policy of the sign-in page when the browser goes back to an authorization request
 * after it (see signInFormActions); leaves it as it is otherwise.
 */
export async function allowSignInRedirects(
  reply: FastifyReply,
  returnTo: string | undefined,
  clients: Pick<ClientService, 'find'>,
): Promise<void> {
  const sources = await signInFormActions(returnTo, clients);
  if (sources.length > 0) reply.header('content-security-policy', cardPagePolicy(sources));
}

/**
 * The source the sign-in form needs when the browser goes back to an authorization request
 * after it: the POST's redirect leads to the authorization endpoint, which may redirect at
 * once to the client (consent remembered, or an error), and the whole chain is checked
 * against the sign-in page's `form-action`. Only a redirect URI the named client registered
 * is allowed (target.ts); anything else leaves the policy as it is.
 */
export async function signInFormActions(
  returnTo: string | undefined,
  clients: Pick<ClientService, 'find'>,
): Promise<string[]> {
  if (returnTo === undefined || !returnTo.startsWith(`${authorizePath}?`)) return [];
  const query = new URLSearchParams(returnTo.slice(authorizePath.length + 1));
  // Each field's one value, or all of them when repeated, as the query parser gives them.
  const fields = Object.fromEntries(
    [...new Set(query.keys())].map((name) => {
      const values = query.getAll(name);
      return [name, values.length === 1 ? values[0] : values];
    }),
  );
  try {
    const params = authorizationParametersOf(readParameters(fields));
    return [formActionSource((await findTarget(params, clients)).redirectUri)];
  } catch (error) {
    // A request the endpoint answers with a page: the form needs nothing more.
    if (isDomainError(error)) return [];
    throw error;
  }
}
