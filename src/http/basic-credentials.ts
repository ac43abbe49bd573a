/** A user-id and password sent with HTTP Basic authentication (RFC 7617). */
export interface BasicCredentials {
  userId: string;
  password: string;
}

/**
 * The longest token68 taken: base64 of a 254-character user-id and a 1024-character
 * password in any script (4 bytes a character at most), with room to spare. Anything
 * longer is refused before it is decoded.
 */
export const maxBasicTokenLength = 8192;

/** Whether `header` names the Basic scheme (RFC 9110 §11.1: the scheme is case-insensitive). */
export function isBasic(header: string | undefined): header is string {
  return header !== undefined && /^basic(?: |$)/i.test(header);
}

// RFC 7617 §2: credentials = "Basic" 1*SP token68, and nothing after it but whitespace.
export const basicHeader = /^basic +([A-Za-z0-9+/]+={0,2})[ \t]*$/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** RFC 7617 §2: neither part may contain a control character (RFC 5234 B.1 CTL). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Parses a Basic `Authorization` header strictly: one base64 token (RFC 4648 §4, padded,
 * canonical), decoding to UTF-8 text (RFC 7617 §2.1) without control characters, that
 * holds a colon. The user-id is what precedes the first colon (§2). Undefined when any of
 * this does not hold; each caller answers that in its own wire format.
 */
export function parseBasicCredentials(header: string): BasicCredentials | undefined {
  if (header.length > maxBasicTokenLength + 16) return undefined;
  const token = basicHeader.exec(header)?.[1];
  if (token === undefined || token.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(token, 'base64');
  // Decoding is lenient; encoding back shows a wrong padding or a pad bit set (§3.5).
  if (bytes.toString('base64') !== token) return undefined;
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  if (colon < 0 || hasControl(text)) return undefined;
  return { userId: text.slice(0, colon), password: text.slice(colon + 1) };
}
