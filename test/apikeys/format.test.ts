import { describe, expect, it } from 'vitest';
import {
  hexKeyFormat,
  isWellFormedKey,
  keyStart,
  nativeKeyFormat,
} from '../../src/apikeys/format.js';
import { contractKeyFormats } from '../../src/surfaces/index.js';
import { partiumKeyFormat } from '../../src/surfaces/partium/key-format.js';
import { partlyKeyFormat } from '../../src/surfaces/partly/key-format.js';
import { patchworksKeyFormat } from '../../src/surfaces/patchworks/key-format.js';

/** The formats a server's key service takes: the native one and every contract's. */
const registered = [nativeKeyFormat, ...contractKeyFormats];
const isWellFormed = (key: string) => isWellFormedKey(key, registered);
const generateNativeKey = nativeKeyFormat.generate;

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `key` with the character at `index` replaced by another base62 character. */
function withCharChanged(key: string, index: number, step = 1): string {
  const current = base62.indexOf(key.charAt(index));
  const other = base62.charAt((current + step) % base62.length);
  return key.slice(0, index) + other + key.slice(index + 1);
}

describe('native API key format', () => {
  it('is gh_ + 24 random base62 characters + a 6-character checksum', () => {
    const key = generateNativeKey();
    expect(key).toMatch(/^gh_[0-9A-Za-z]{30}$/);
    expect(isWellFormed(key)).toBe(true);
  });

  it('never repeats itself', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateNativeKey));
    expect(keys.size).toBe(1000);
  });

  it('rejects a key with any one character changed, in the random part or the checksum', () => {
    const key = generateNativeKey();
    for (let index = 3; index < key.length; index++) {
      for (const step of [1, 31, 61]) {
        const tampered = withCharChanged(key, index, step);
        expect(tampered).not.toBe(key);
        expect(isWellFormed(tampered), tampered).toBe(false);
      }
    }
  });

  it('rejects a key with two neighbouring characters swapped', () => {
    let key = generateNativeKey();
    while (key.charAt(3) === key.charAt(4)) key = generateNativeKey();
    const swapped = key.slice(0, 3) + key.charAt(4) + key.charAt(3) + key.slice(5);
    expect(isWellFormed(swapped)).toBe(false);
  });

  it.each([
    ['the empty string', ''],
    ['the prefix alone', 'gh_'],
    ['a key one character short', 'gh_' + '0'.repeat(29)],
    ['a key one character long', 'gh_' + '0'.repeat(31)],
    ['a key with a non-base62 character', 'gh_' + '-'.repeat(30)],
    ['a key in upper case prefix', 'GH_' + '0'.repeat(30)],
    ['whitespace', '   '],
    ['a JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln'],
    ['a client secret', 'ghcs_' + '0'.repeat(40)],
    ['a Partly-style key in upper case', 'partly_DEMO_REPAIRER_3F8A1C0D9E2B4A67B1C2'],
    ['a Partly-style key too short', 'partly_abc'],
    ['an unknown prefix', 'stripe_demo_key_5c1f0e2d9b8a7c6d4e3f'],
  ])('rejects %s', (_, garbage) => {
    expect(isWellFormed(garbage)).toBe(false);
  });

  it('accepts the contract formats by shape (they carry no checksum)', () => {
    for (const key of [
      'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
      'partium_demo_key_5c1f0e2d9b8a7c6d4e3f',
      'pw_demo_key_8e2b5d1f4a7c0e3b6d9f',
      'partly_' + '0123456789abcdef'.repeat(2),
    ]) {
      expect(isWellFormed(key), key).toBe(true);
    }
  });

  it.each([
    ['Partly', partlyKeyFormat, /^partly_[0-9a-f]{32}$/],
    ['Partium', partiumKeyFormat, /^partium_[0-9a-f]{32}$/],
    ['Patchworks', patchworksKeyFormat, /^pw_[0-9a-f]{32}$/],
  ])('mints %s-style keys as the prefix + 32 hex characters', (_, format, shape) => {
    const key = format.generate();
    expect(key).toMatch(shape);
    expect(isWellFormed(key)).toBe(true);
  });

  it('takes only the formats it is given', () => {
    const acme = hexKeyFormat({ prefix: 'acme_', byteLength: 16 });
    const key = acme.generate();
    expect(key).toMatch(/^acme_[0-9a-f]{32}$/);
    expect(isWellFormedKey(key, [acme])).toBe(true);
    expect(isWellFormed(key)).toBe(false);
    expect(isWellFormedKey(generateNativeKey(), [acme])).toBe(false);
    expect(isWellFormedKey('partly_demo_repairer_3f8a1c0d9e2b4a67b1c2', [acme])).toBe(false);
  });

  it('shows the prefix and four more characters as the start', () => {
    expect(keyStart('gh_Ab3dEfGhIjKlMnOpQrStUvWx123456')).toBe('gh_Ab3d');
    expect(keyStart('partly_demo_repairer_3f8a1c0d9e2b4a67b1c2')).toBe('partly_demo');
    expect(keyStart('pw_demo_key_8e2b5d1f4a7c0e3b6d9f')).toBe('pw_demo');
  });
});
