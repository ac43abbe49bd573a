import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { randomBase62 } from '../lib/random.js';

/**
 * Gatehouse API key, version 1: `gh_` + 24 base62 random characters (about 143 bits) + a
 * 6-character base62 CRC-32 of everything before it. The prefix makes a leaked key easy to
 * find by secret scanners; the checksum lets garbage be refused without a store lookup.
 *
 * Keys in a contract's own format (the partner surfaces hand out e.g. `partly_` + 32 hex)
 * carry no checksum; they are recognised by shape and then looked up by hash.
 */
export const nativePrefix = 'gh_';
const randomLength = 24;
const checksumLength = 6;
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const foreignShapes: readonly RegExp[] = [
  /^partly_[0-9a-z_]{20,80}$/,
  /^partium_[0-9a-z_]{20,80}$/,
  /^pw_[0-9a-z_]{20,80}$/,
];

/** A key in a contract's own format: `prefix` + 32 hex characters (128 random bits). */
export function generateHexKey(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export function generateNativeKey(): string {
  const body = nativePrefix + randomBase62(randomLength);
  return body + checksum(body);
}

/** True when `key` could be a key: a native key with a valid checksum, or a known shape. */
export function isWellFormedKey(key: string): boolean {
  if (key.startsWith(nativePrefix)) {
    if (key.length !== nativePrefix.length + randomLength + checksumLength) return false;
    const body = key.slice(0, -checksumLength);
    return (
      /^[0-9A-Za-z]+$/.test(key.slice(nativePrefix.length)) &&
      checksum(body) === key.slice(-checksumLength)
    );
  }
  return foreignShapes.some((shape) => shape.test(key));
}

/** The part of a key that may be shown again after creation, to tell keys apart. */
export function keyStart(key: string): string {
  return key.slice(0, key.indexOf('_') + 5);
}

function checksum(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < checksumLength; i++) {
    out = alphabet[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}
