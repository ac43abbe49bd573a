import { describe, expect, it } from 'vitest';
import { testIssuer, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { browser, csrfOf, expectPageHeaders } from './browser.js';

const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
const refused = '<h1>This form could not be accepted</h1>';

// A form posted from another site is refused even with a valid token and cookie: a sibling
// site that planted the sign-in cookie (cookie tossing) must not sign a browser in.
describe.each(storeTargets)('forms posted from another site ($name)', (target) => {
  const ctx = useTestApp(target);

  /** Posts the sign-in form of a fresh page with `headers`, as a browser would send them. */
  async function signInWith(headers: Record<string, string>) {
    const b = browser(ctx().app);
    const page = await b.get('/signin');
    const fields = { csrf_token: csrfOf(page), ...dev };
    return { b, res: await b.post('/signin', fields, headers) };
  }

  it.each([
    ['another origin', { origin: 'http://evil.example' }],
    ['a sibling site', { origin: 'http://evil.gatehouse.test', 'sec-fetch-site': 'same-site' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['an opaque origin of another site', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['an opaque origin that says no more', { origin: 'null' }],
  ])('refuses a sign-in from %s, and signs nobody in', async (_what, headers) => {
    const { b, res } = await signInWith(headers);
    expect(res.statusCode).toBe(403);
    expectPageHeaders(res);
    expect(res.body).toContain(refused);
    expect(b.jar.has('gatehouse_session')).toBe(false);
    expect(await ctx().services.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('takes a sign-in from this server, as PUBLIC_URL or as the request reached it', async () => {
    for (const origin of [testIssuer, 'http://localhost:80']) {
      const { res } = await signInWith({ origin, 'sec-fetch-site': 'same-origin' });
      expect(res.statusCode).toBe(303);
    }
  });

  // What Chromium sends with a form of a page whose Referrer-Policy is no-referrer.
  it('takes a sign-in whose Origin is null from a page of this server', async () => {
    const { res } = await signInWith({ origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(res.statusCode).toBe(303);
  });

  it('refuses a sign-out from another site, and the session goes on', async () => {
    const b = browser(ctx().app);
    expect((await b.signIn(dev.email, dev.password)).statusCode).toBe(303);
    const account = await b.get('/account');
    const res = await b.post(
      '/logout',
      { csrf_token: csrfOf(account) },
      { origin: 'http://evil.example' },
    );
    expect(res.statusCode).toBe(403);
    expect((await b.get('/account')).statusCode).toBe(200);
  });
});

describe.each(storeTargets)('answers outside the pages under their paths ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each([
    ['GET', '/signin/x', 404],
    ['GET', '/account/', 404],
    ['GET', '/logout', 404],
    ['OPTIONS', '/signin', 404],
    ['GET', '/assets/nothing.css', 404],
    ['GET', '/signin?return_to=%00', 400],
  ] as const)('%s %s is a page with the page headers (%i)', async (method, url, status) => {
    const res = await ctx().app.inject({ method, url });
    expect(res.statusCode).toBe(status);
    expectPageHeaders(res);
    expect(res.body).toContain('<h1>This request could not be handled</h1>');
  });
});
