import { describe, expect, it } from 'vitest';
import { readCookie } from '../../src/sessions/cookie.js';

describe('reading the Cookie header', () => {
  it.each([
    ['a=1; gatehouse_session=abc; b=2', 'abc'],
    ['gatehouse_session=first; gatehouse_session=second', 'first'],
    ['x_gatehouse_session=no; gatehouse_session=yes', 'yes'],
    ['gatehouse_session=', ''],
    ['other=1', undefined],
    ['', undefined],
  ])('reads %j as %j', (header, value) => {
    expect(readCookie(header, 'gatehouse_session')).toBe(value);
  });

  it('reads nothing without a header', () => {
    expect(readCookie(undefined, 'gatehouse_session')).toBeUndefined();
  });
});
