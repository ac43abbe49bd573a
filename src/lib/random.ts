import { randomFillSync, randomUUID } from 'node:crypto';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes from node:crypto, drawn a block at a time and each handed out once. A draw
 * from OpenSSL costs some microseconds whatever its size (its locks and fork check): drawn a
 * few bytes at a time, as every token's id was, it came to a tenth of what the token endpoint
 * spent. Node's own `randomUUID` keeps the same kind of cache. The block tells no more of the
 * bytes to come than OpenSSL's generator state, kept in the same process, already does, and
 * what it handed out is zeroed at once.
 */
const block = Buffer.alloc(1024);
let used = block.length;

/** `length` fresh random bytes, in a buffer of their own. */
export function randomBytes(length: number): Buffer {
  // A buffer of its own, not a slice of Node's shared pool: what it holds becomes a secret.
  const out = Buffer.allocUnsafeSlow(length);
  let filled = 0;
  while (filled < length) {
    if (used === block.length) {
      randomFillSync(block);
      used = 0;
    }
    const end = Math.min(block.length, used + length - filled);
    const copied = block.copy(out, filled, used, end);
    // Handed out bytes become secrets (keys, tokens): none stays behind in the block.
    block.fill(0, used, end);
    used += copied;
    filled += copied;
  }
  return out;
}

/** `length` base62 characters from node:crypto, without modulo bias (rejection sampling). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length - out.length)) {
      // 248 = 4 * 62: bytes at or above it would favour the first characters.
      if (byte < 248) out += base62[byte % 62];
    }
  }
  return out;
}

/** Type-prefixed identifier, e.g. `org_3kTz...`: 16 base62 characters, about 95 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(16)}`;
}

export function newUuid(): string {
  return randomUUID();
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its canonical textual form (RFC 9562 §4), of any version, in either case. */
export function isUuid(value: string): boolean {
  return uuid.test(value);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
