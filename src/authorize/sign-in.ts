import { joinList, splitList } from '../lib/lists.js';
import type { SignedIn } from '../sessions/signed-in.js';
import { authorizationUrl, refusedParameters, type AuthorizationParameters } from './parameters.js';
import { readMaxAge, readPrompt } from './prompt.js';
import type { AuthorizationRequest } from './request.js';

/**
 * Whether a signed-in person must sign in again before this request is answered: the client
 * asks for a new sign-in (`prompt=login`), or the sign-in is older than the client accepts
 * (`max_age`: more seconds than it since `auth_time`), OpenID Connect Core §3.1.2.1,
 * §3.1.2.3.
 */
export function mustSignInAgain(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  current: SignedIn,
  now: number,
): boolean {
  return (
    request.prompt.has('login') ||
    (request.maxAge !== undefined && now - current.session.authTime > request.maxAge)
  );
}

/**
 * Whether the request is silent authentication: its `prompt` holds `none` and nothing else
 * (OpenID Connect Core §3.1.2.1), the one request answered for the client while nobody is
 * signed in (RFC 9700 §4.11.2), with `login_required`, whatever else is wrong with it.
 */
export function asksForNothingShown(params: AuthorizationParameters): boolean {
  const values = splitList(params.prompt);
  return values.length > 0 && values.every((value) => value === 'none');
}

/**
 * Where the browser comes back after signing in: the same request without `prompt=login` and
 * without `max_age`. The sign-in just made is what they asked for; asking them again would
 * send the person back to the sign-in page for ever (a `max_age=0`, or a second passing on
 * the way back, would never be met). The session the browser came with has been ended, so
 * the way back is no way around the sign-in: it leads there again without a new one.
 *
 * A browser that is not signed in is sent here before its request is checked (RFC 9700
 * §4.11.2), so the way back must fail as the request would: it keeps the refused parameters
 * sent (`request`, `request_uri`, `registration`, of `read`), and if `prompt` or `max_age` is
 * not valid, it keeps them as they were. Dropping `login` from `prompt=none login`, a
 * `max_age` of `ten` or a request object would turn a request that must fail into one that
 * succeeds.
 */
export function returnAfterSignIn(
  params: AuthorizationParameters,
  read: ReadonlyMap<string, string> = new Map(),
): string {
  const refused = new URLSearchParams();
  for (const name of refusedParameters) {
    const value = read.get(name);
    if (value !== undefined) refused.set(name, value);
  }
  const back = validSignInParameters(params)
    ? authorizationUrl(again(params))
    : authorizationUrl(params);
  return refused.size > 0 ? `${back}&${refused.toString()}` : back;
}

/** `params` without `prompt=login` and without `max_age`. */
function again(params: AuthorizationParameters): AuthorizationParameters {
  const without: AuthorizationParameters = { ...params };
  delete without.max_age;
  const prompt = splitList(params.prompt).filter((value) => value !== 'login');
  if (prompt.length > 0) without.prompt = joinList(prompt);
  else delete without.prompt;
  return without;
}

function validSignInParameters(params: AuthorizationParameters): boolean {
  try {
    readPrompt(params);
    readMaxAge(params);
    return true;
  } catch {
    return false;
  }
}
