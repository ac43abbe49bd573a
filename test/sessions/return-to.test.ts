import { describe, expect, it } from 'vitest';
import { maxReturnToLength, safeReturnTo, signInPath } from '../../src/sessions/return-to.js';

describe('return_to after sign-in', () => {
  it.each([
    '/account',
    '/account?tab=orgs#top',
    '/oauth/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
    `/${'a'.repeat(maxReturnToLength - 1)}`,
  ])('accepts a path of this server: %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    ['another host', '//evil.example'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a backslash later on', '/account\\x'],
    ['a scheme', 'https://evil.example'],
    ['a script', 'javascript:alert(1)'],
    ['a relative path', 'evil.example'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a tab URL parsers drop', '/\t/evil.example'],
    ['a line break', '/account\r\nSet-Cookie: x=y'],
    ['a space', '/ /evil.example'],
    ['a non-ASCII character', '/ａccount'],
    ['bad percent-encoding', '/%E0%A4%A'],
    ['a dot-dot segment that resolves to another host', '/..//evil.example'],
    ['a dot segment that resolves to another host', '/.//evil.example'],
    ['a dot-dot segment later on', '/x/..//evil.example'],
    ['an encoded dot-dot segment', '/%2e%2e//evil.example'],
    ['nothing', ''],
    ['too long', `/${'a'.repeat(maxReturnToLength)}`],
  ])('refuses %s', (_what, value) => {
    expect(safeReturnTo(value)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(safeReturnTo(['/account'])).toBeUndefined();
    expect(safeReturnTo(undefined)).toBeUndefined();
  });

  it('sends a browser to sign in with its way back encoded', () => {
    expect(signInPath('/account?tab=orgs')).toBe('/signin?return_to=%2Faccount%3Ftab%3Dorgs');
  });
});
