/** The longest `return_to` accepted; a longer one is ignored. */
export const maxReturnToLength = 2048;

// Printable ASCII without the backslash: no space, tab or line break (URL parsers drop
// tabs and line breaks, so `/\t/evil.example` would become `//evil.example`), no control
// character, nothing a browser would rewrite.
const plain = /^[\x21-\x5b\x5d-\x7e]+$/;

/**
 * `value` if it is a path of this server that is safe to send a browser to after sign-in,
 * else undefined (OWASP Unvalidated Redirects and Forwards Cheat Sheet; RFC 9700 §4.11):
 * an absolute path that starts with exactly one `/`, so never `//host` (another host,
 * RFC 3986 §4.2), a scheme such as `https:` or `javascript:`, or a backslash (which
 * browsers read as `/`); and the same once its path is percent-decoded, for a server or
 * proxy on the way that decodes `/%2F%2Fevil.example` into `//evil.example`.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > maxReturnToLength) return undefined;
  if (!isLocalPath(value)) return undefined;
  const path = value.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return isLocalPath(decoded) ? value : undefined;
}

function isLocalPath(path: string): boolean {
  return (
    plain.test(path) &&
    path.startsWith('/') &&
    !path.startsWith('//') &&
    // No `.` or `..` segment (RFC 3986 §5.2.4): `/..//evil.example` resolves to
    // `//evil.example`, which a proxy or a later redirect could send to another host.
    !path
      .split(/[?#]/, 1)[0]
      ?.split('/')
      .some((segment) => segment === '.' || segment === '..')
  );
}

/** Where a browser that must sign in first is sent, to come back to `returnTo`. */
export function signInPath(returnTo: string): string {
  return `/signin?return_to=${encodeURIComponent(returnTo)}`;
}
