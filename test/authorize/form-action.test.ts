import { describe, expect, it } from 'vitest';
import { formActionSource } from '../../src/authorize/form-action.js';
import { storeTargets } from '../helpers/targets.js';
import { browser, expectPageHeaders, formOf } from '../sessions/browser.js';
import {
  authorizeUrl,
  partsRequest,
  platformRequest,
  signedInBrowser,
  useAuthorizeApp,
} from './support.js';

describe('the form-action source of a redirect URI', () => {
  it.each([
    ['http://127.0.0.1:5173/callback', 'http://127.0.0.1:5173'],
    ['http://localhost:3000/cb', 'http://localhost:3000'],
    ['https://app.example/cb?from=gatehouse', 'https://app.example'],
    ['https://app.example:8443/cb', 'https://app.example:8443'],
    ['https://app.example', 'https://app.example'],
    // A native app's private-use scheme: the scheme alone (RFC 8252 §7.1).
    ['com.example.parts:/callback', 'com.example.parts:'],
    // Hosts a CSP source cannot name, or that would end the directive: the scheme alone.
    ['http://[::1]:8400/cb', 'http:'],
    ['https://a;b.example/cb', 'https:'],
    ['https://a,b.example/cb', 'https:'],
    ['https://a_b.example/cb', 'https:'],
  ])('%s → %s', (uri, source) => {
    expect(formActionSource(uri)).toBe(source);
  });
});

// Chromium checks form-action against the redirects that follow a form's POST: the consent
// page, and the sign-in page on the way to an authorization request, let their form reach
// the client's redirect URI, and no other page does.
describe.each(storeTargets)('the pages whose form ends at the client ($name)', (target) => {
  const ctx = useAuthorizeApp(target);

  it.each([
    ['http://127.0.0.1:5173/callback', 'http://127.0.0.1:5173'],
    ['https://app.example/cb?from=gatehouse', 'https://app.example'],
    ['com.example.parts:/callback', 'com.example.parts:'],
  ])('the consent page for %s allows %s', async (uri, source) => {
    const b = await signedInBrowser(ctx());
    const res = await b.get(authorizeUrl(partsRequest({ redirect_uri: uri, scope: 'email' })));
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res, true, source);
  });

  it('the consent page for a loopback IPv6 URI allows http:', async () => {
    const b = await signedInBrowser(ctx());
    const res = await b.get(
      authorizeUrl(platformRequest({ redirect_uri: 'http://[::1]:8400/cb' })),
    );
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res, true, 'http:');
  });

  it('the sign-in page on the way to an authorization request allows its client', async () => {
    const url = authorizeUrl(partsRequest({ redirect_uri: 'com.example.parts:/callback' }));
    const b = browser(ctx().app);
    const page = await b.get(`/signin?return_to=${encodeURIComponent(url)}`);
    expect(page.statusCode).toBe(200);
    expectPageHeaders(page, true, 'com.example.parts:');
    // And the form again after a refusal.
    const refused = await b.post('/signin', {
      ...formOf(page, '/signin'),
      email: 'dev@partium.example',
      password: 'wrong-password',
    });
    expect(refused.statusCode).toBe(400);
    expectPageHeaders(refused, true, 'com.example.parts:');
  });

  it.each([
    ['/account', '/account'],
    [
      'a request with an unregistered redirect URI',
      authorizeUrl(partsRequest({ redirect_uri: 'https://evil.example/cb' })),
    ],
    ['a request of an unknown client', authorizeUrl(partsRequest({ client_id: 'nobody' }))],
    ['a request with redirect_uri twice', `${authorizeUrl(partsRequest())}&redirect_uri=x`],
  ])('the sign-in page on the way to %s allows only this server', async (_what, returnTo) => {
    const res = await ctx().app.inject({
      method: 'GET',
      url: `/signin?return_to=${encodeURIComponent(returnTo)}`,
    });
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
  });
});
