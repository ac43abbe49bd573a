import type { Client, ClientService } from '../clients/service.js';
import { DomainError } from '../errors.js';
import { maxReturnToLength } from '../sessions/return-to.js';
import type { AuthorizationParameters } from './parameters.js';

/** Where the answer to an authorization request goes: a live client's registered redirect URI. */
export interface Target {
  client: Client;
  redirectUri: string;
  /** The client's `state`, sent back with every answer (RFC 6749 §4.1.2). */
  state: string | undefined;
}

/** The refusals that are a page: they name no redirect URI Gatehouse may send a browser to. */
export const targetRefusals = {
  noClient: 'The request does not name an application (client_id is missing).',
  unknownClient:
    'The application that sent you here is not registered with Gatehouse (unknown client_id).',
  noRedirectUri: 'The request does not say where to send you back (redirect_uri is missing).',
  unregisteredRedirectUri:
    'The request asks to send you back to an address the application has not registered ' +
    '(redirect_uri), so Gatehouse will not send you there.',
  longState: `The state parameter of the request is longer than ${maxReturnToLength} characters.`,
} as const;

/**
 * The client and the redirect URI of a request, checked before anything else. Until both are
 * known, an error cannot be sent back: redirecting to a URI the client did not register would
 * make Gatehouse an open redirector and could hand a code to an attacker (RFC 6749 §3.1.2.4,
 * §4.1.2.1; RFC 9700 §4.1, §4.11.1). So each failure is `invalid_input`, answered with a page.
 * The redirect URI must be exactly one the client registered: compared as strings, with no
 * normalisation, so that no near miss (another port, path, query, case or a `..`) passes
 * (RFC 9700 §2.1, §4.1.3).
 */
export async function findTarget(
  params: AuthorizationParameters,
  clients: Pick<ClientService, 'find'>,
): Promise<Target> {
  const refuse = (message: string) => new DomainError('invalid_input', message);
  if (params.client_id === undefined) throw refuse(targetRefusals.noClient);
  const client = await clients.find(params.client_id);
  if (client === undefined) throw refuse(targetRefusals.unknownClient);
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined) throw refuse(targetRefusals.noRedirectUri);
  if (!client.redirectUris.includes(redirectUri)) {
    throw refuse(targetRefusals.unregisteredRedirectUri);
  }
  // Every answer echoes `state`; a request longer than this can never be answered with a
  // code (request.ts), so a longer state would only make the error redirect a huge header.
  if ((params.state ?? '').length > maxReturnToLength) throw refuse(targetRefusals.longState);
  return { client, redirectUri, state: params.state };
}
