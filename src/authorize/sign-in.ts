import { joinList, splitList } from '../lib/lists.js';
import type { SignedIn } from '../sessions/signed-in.js';
import { authorizationUrl, type AuthorizationParameters } from './parameters.js';
import type { AuthorizationRequest } from './request.js';

/**
 * Whether the person must sign in before this request is answered: nobody is signed in, the
 * client asks for a new sign-in (`prompt=login`), or the sign-in is older than the client
 * accepts (`max_age`: more seconds than it since `auth_time`), OpenID Connect Core §3.1.2.1,
 * §3.1.2.3.
 */
export function mustSignIn(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  current: SignedIn | undefined,
  now: number,
): boolean {
  return (
    current === undefined ||
    request.prompt.has('login') ||
    (request.maxAge !== undefined && now - current.session.authTime > request.maxAge)
  );
}

/**
 * Where the browser comes back after signing in: the same request without `prompt=login` and
 * without `max_age`. The sign-in just made is what they asked for; asking them again would
 * send the person back to the sign-in page for ever (a `max_age=0`, or a second passing on
 * the way back, would never be met). The session the browser came with has been ended, so
 * the way back is no way around the sign-in: it leads there again without a new one.
 */
export function returnAfterSignIn(params: AuthorizationParameters): string {
  const again: AuthorizationParameters = { ...params };
  delete again.max_age;
  const prompt = splitList(params.prompt).filter((value) => value !== 'login');
  if (prompt.length > 0) again.prompt = joinList(prompt);
  else delete again.prompt;
  return authorizationUrl(again);
}
