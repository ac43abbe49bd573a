import { describe, expect, it } from 'vitest';
import { parseBearer } from '../../src/http/bearer.js';

describe('parseBearer (RFC 6750 §2.1)', () => {
  it.each([
    ['Bearer abc.def-ghi', 'abc.def-ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
    ['Bearer abc \t', 'abc'],
    ['Bearer partly_0a1b!', 'partly_0a1b!'],
  ])('takes the token of %j', (header, token) => {
    expect(parseBearer(header)).toBe(token);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['no space after the scheme', 'Bearerabc'],
    ['two tokens', 'Bearer abc def'],
    ['another scheme', 'Basic YTpi'],
    ['a tab before the token', 'Bearer\tabc'],
    ['a non-ASCII token', 'Bearer abcé'],
  ])('refuses %s', (_name, header) => {
    expect(parseBearer(header)).toBeUndefined();
  });
});
