/**
 * RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`. The scheme is case-insensitive
 * (RFC 9110 §11.1) and trailing whitespace is not part of a field value (RFC 9110 §5.5).
 * The token is any run of visible ASCII: a key or token outside b64token is refused as an
 * unknown credential by whoever looks it up, not as a malformed header.
 */
const bearerHeader = /^Bearer +([\x21-\x7e]+)[ \t]*$/i;

/** The token of a Bearer `Authorization` header; undefined when there is none. */
export function parseBearer(header: string | undefined): string | undefined {
  return bearerHeader.exec(header ?? '')?.[1];
}
