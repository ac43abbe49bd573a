import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { randomBase62 } from '../lib/random.js';

/**
 * How the keys of one format are minted, and recognised before any store lookup. The key
 * service mints in the format it is given and looks up only keys of the formats registered
 * with it (services.ts), so that garbage costs no query.
 */
export interface KeyFormat {
  /** A new random key, behind a prefix that lets scanners find it if it leaks. */
  generate(): string;
  /** True when `key` could be a key of this format. */
  recognises(key: string): boolean;
}

const nativePrefix = 'gh_';
const randomLength = 24;
const checksumLength = 6;
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Gatehouse API key, version 1: `gh_` + 24 base62 random characters (about 143 bits) + a
 * 6-character base62 CRC-32 of everything before it. The checksum lets a mistyped key be
 * refused without a store lookup. The format of every key made without another.
 */
export const nativeKeyFormat: KeyFormat = {
  generate: () => {
    const body = nativePrefix + randomBase62(randomLength);
    return body + checksum(body);
  },
  recognises: (key) => {
    if (!key.startsWith(nativePrefix)) return false;
    if (key.length !== nativePrefix.length + randomLength + checksumLength) return false;
    const body = key.slice(0, -checksumLength);
    return (
      /^[0-9A-Za-z]+$/.test(key.slice(nativePrefix.length)) &&
      checksum(body) === key.slice(-checksumLength)
    );
  },
};

/**
 * A contract's own format: `prefix` + `byteLength` random bytes in hex (16 bytes: 128 bits,
 * 32 characters). Such keys carry no checksum, so they are recognised by shape
 * only: the prefix, then 20 to 80 lower-case letters, digits or underscores (the sandbox's
 * readable fixed keys are in that shape too), and then looked up by hash.
 */
export function hexKeyFormat({
  prefix,
  byteLength,
}: {
  prefix: string;
  byteLength: number;
}): KeyFormat {
  return {
    generate: () => prefix + randomBytes(byteLength).toString('hex'),
    recognises: (key) =>
      key.startsWith(prefix) && /^[0-9a-z_]{20,80}$/.test(key.slice(prefix.length)),
  };
}

/** True when `key` could be a key of one of `formats`; anything else is refused unseen. */
export function isWellFormedKey(key: string, formats: readonly KeyFormat[]): boolean {
  return formats.some((format) => format.recognises(key));
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
