import { DomainError } from '../errors.js';

/**
 * Which redirect URIs a client may register. The authorization endpoint sends codes to them
 * and compares them as exact strings (RFC 6749 §3.1.2.2, RFC 9700 §4.1.3), so a URI that a
 * browser or an OS would read differently from how Gatehouse reads it is refused:
 *
 * - https, absolute (RFC 6749 §3.1.2, §3.1.2.1);
 * - http only on a loopback host, for native apps (RFC 8252 §7.3), written exactly as
 *   `127.0.0.1`, `[::1]` or `localhost`;
 * - a private-use scheme of a native app (RFC 8252 §7.1): a reverse domain name, so with a
 *   dot, such as `com.example.app:/callback`. Any other scheme (`javascript:`, `data:`,
 *   `file:`, `blob:`, `view-source:`, `about:`, `ms-word:` and other OS handlers) is refused;
 * - no fragment (§3.1.2), no user name or password, no wildcard (matching is exact, so `*`
 *   could only mislead), no backslash (which browsers read as `/`);
 * - written in the form the WHATWG URL parser serialises it to, so that what is registered
 *   is what a browser will go to: `https:evil.example`, `http://0x7f.1/`, `HTTPS://A.example`
 *   or `/a/../cb` are refused with the form to write instead. The one difference allowed is
 *   the `/` that the parser adds to an empty path: `https://app.example` is accepted as
 *   written (and stored so: the client will send it so).
 */
export function checkRedirectUri(uri: string): void {
  const refuse = (reason: string) => new DomainError('invalid_input', `${reason}: ${uri}`);
  if (uri.includes('\\')) throw refuse('redirect URI must not contain a backslash');
  if (uri.includes('#')) throw refuse('redirect URI must not have a fragment');
  if (uri.includes('*')) throw refuse('redirect URI must not contain a wildcard');
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw refuse('redirect URI is not an absolute URI');
  }
  const scheme = parsed.protocol;
  if (scheme !== 'https:' && scheme !== 'http:' && !privateUseScheme.test(scheme)) {
    throw refuse('redirect URI scheme not allowed');
  }
  if (parsed.username !== '' || parsed.password !== '' || hasUserinfo(uri)) {
    throw refuse('redirect URI must not contain a user name or password');
  }
  if (parsed.href !== uri && parsed.href !== `${uri}/`) {
    throw refuse(`redirect URI must be written in its normalised form, ${parsed.href}`);
  }
  if (scheme === 'http:' && !loopbackHosts.includes(parsed.hostname)) {
    throw refuse('redirect URI must use https (or a loopback host)');
  }
}

const loopbackHosts = ['127.0.0.1', '[::1]', 'localhost'];

// RFC 8252 §7.1: a reverse domain name under the app's control, hence at least one dot.
const privateUseScheme = /^[a-z][a-z0-9+-]*(?:\.[a-z0-9+-]+)+:$/;

// An `@` in the authority, even with nothing before it (`https://@evil.example`).
function hasUserinfo(uri: string): boolean {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?]*)/i.exec(uri)?.[1];
  return authority?.includes('@') === true;
}
