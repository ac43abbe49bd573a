import { describe, expect, it } from 'vitest';
import { responseUri } from '../../src/authorize/response.js';

const issuer = 'https://gatehouse.example';
const iss = 'iss=https%3A%2F%2Fgatehouse.example';

describe('the authorization response in the redirect URI', () => {
  it.each([
    ['https://app.example/cb', 'https://app.example/cb?code=c1&state=s+1%26x'],
    // The registered query is kept byte for byte (RFC 6749 §3.1.2).
    [
      'https://app.example/cb?a=b%2Cc&d=e,f',
      'https://app.example/cb?a=b%2Cc&d=e,f&code=c1&state=s+1%26x',
    ],
    ['https://app.example/cb?', 'https://app.example/cb?code=c1&state=s+1%26x'],
    ['https://app.example/cb?a=1&', 'https://app.example/cb?a=1&code=c1&state=s+1%26x'],
    ['com.example.app:/callback', 'com.example.app:/callback?code=c1&state=s+1%26x'],
  ])('adds code, state and iss to %s', (redirectUri, start) => {
    expect(responseUri({ redirectUri, state: 's 1&x' }, issuer, { code: 'c1' })).toBe(
      `${start}&${iss}`,
    );
  });

  it('sends no state when the client sent none, and an error as its two fields', () => {
    const fields = { error: 'access_denied', error_description: 'the person denied the request' };
    expect(
      responseUri({ redirectUri: 'https://app.example/cb', state: undefined }, issuer, fields),
    ).toBe(
      `https://app.example/cb?error=access_denied&error_description=the+person+denied+the+request&${iss}`,
    );
  });
});
