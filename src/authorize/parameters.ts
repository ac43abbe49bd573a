import { DomainError } from '../errors.js';

/** Where the authorization endpoint is served (RFC 6749 §3.1), for GET and for the consent form. */
export const authorizePath = '/oauth/authorize';

/**
 * The parameters of an authorization request that Gatehouse acts on, in the order it writes
 * them: the way back after sign-in and the consent form's hidden fields carry these and no
 * others. Any other parameter is ignored (RFC 6749 §3.1), except the few OpenID Connect
 * parameters whose absence of support must be said (`request`, `request_uri`,
 * `registration`; OpenID Connect Core §3.1.2.6). `org_id` is Gatehouse's own: the org the
 * client asks to act in, for a person in several (the password grant takes it too).
 */
export const authorizationParameters = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'prompt',
  'max_age',
  'response_mode',
  'org_id',
] as const;

/** The OpenID Connect parameters that are refused, not ignored (request.ts). */
export const refusedParameters = ['request', 'request_uri', 'registration'] as const;

export type AuthorizationParameter = (typeof authorizationParameters)[number];

export type AuthorizationParameters = Partial<Record<AuthorizationParameter, string>>;

/**
 * Every parameter of a query or a form, each with its one value. A parameter sent without a
 * value is as if omitted, and one sent twice makes the request invalid (RFC 6749 §3.1): as
 * the redirect URI itself may be the one repeated, this is answered with a page, never a
 * redirect (`invalid_input`).
 */
export function readParameters(source: unknown): Map<string, string> {
  const read = new Map<string, string>();
  if (typeof source !== 'object' || source === null) return read;
  for (const [name, value] of Object.entries(source)) {
    if (Array.isArray(value)) {
      throw new DomainError(
        'invalid_input',
        `The request is not valid: the ${name} parameter is sent more than once.`,
      );
    }
    if (typeof value === 'string' && value !== '') read.set(name, value);
  }
  return read;
}

/** The authorization parameters among `read`. */
export function authorizationParametersOf(
  read: ReadonlyMap<string, string>,
): AuthorizationParameters {
  const params: AuthorizationParameters = {};
  for (const name of authorizationParameters) {
    const value = read.get(name);
    if (value !== undefined) params[name] = value;
  }
  return params;
}

/** The path and query of the authorization request `params` (for a browser to come back to). */
export function authorizationUrl(params: AuthorizationParameters): string {
  const query = new URLSearchParams();
  for (const name of authorizationParameters) {
    const value = params[name];
    if (value !== undefined) query.set(name, value);
  }
  return `${authorizePath}?${query.toString()}`;
}
