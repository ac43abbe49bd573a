import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { signInRefused } from '../../src/sessions/signin.js';
import { backend, useTestApp, type TestApp } from '../helpers/app.js';
import { expectJson, oauthError } from '../helpers/replies.js';
import { postToken } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { browser, csrfOf, expectPageHeaders, setCookies } from './browser.js';

const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
const token43 = '[A-Za-z0-9_-]{43}';

/** The session rows of the user with `email`. */
async function sessionsOf(ctx: TestApp, email: string) {
  const user = await ctx.services.users.findByEmail(email);
  return ctx.services.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', user?.id ?? '')
    .execute();
}

describe.each(storeTargets)('signing in at /signin ($name)', (target) => {
  const ctx = useTestApp(target);

  it('shows the form, bound to a sign-in cookie of its own', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/signin' });
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
    const [cookie, ...more] = setCookies(res);
    expect(more).toEqual([]);
    expect(cookie).toMatch(
      new RegExp(`^gatehouse_signin=${token43}; Path=/; HttpOnly; SameSite=Lax$`),
    );
    const value = cookie?.split(';')[0]?.split('=')[1] ?? '';
    expect(csrfOf(res)).toBe(ctx().services.csrf.tokenFor('signin', value));
    expect(res.body).toContain('<link rel="stylesheet" href="/assets/gatehouse.css">');
    expect(res.body).toContain('<label for="email">Email address</label>');
    expect(res.body).toContain('<label for="password">Password</label>');
    expect(res.body).not.toContain('name="return_to"');
    expect(res.body).not.toContain('<script');
  });

  it('signs in: a session, its cookie, and 303 to /account', async () => {
    const b = browser(ctx().app);
    const res = await b.signIn(dev.email, dev.password);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    expectPageHeaders(res, false);
    expect(setCookies(res)).toEqual([
      expect.stringMatching(
        new RegExp(`^gatehouse_session=${token43}; Path=/; HttpOnly; SameSite=Lax$`),
      ),
    ]);
    const id = b.jar.get('gatehouse_session') ?? '';
    const user = await ctx().services.users.findByEmail(dev.email);
    expect(await ctx().services.sessions.find(id)).toEqual({
      userId: user?.id,
      authTime: ctx().clock.now(),
      lastSeenAt: ctx().clock.now(),
    });
    const account = await b.get('/account');
    expect(account.statusCode).toBe(200);
    // Neither the password nor the session id reaches the log.
    expect(ctx().logs.join('')).not.toContain(dev.password);
    expect(ctx().logs.join('')).not.toContain(id);
  });

  it('refuses a wrong password with the form again, 400, and issues nothing', async () => {
    const { app } = ctx();
    const b = browser(app, '198.51.100.1');
    const allSessions = () => ctx().services.db.selectFrom('sessions').selectAll().execute();
    const before = await allSessions();
    const res = await b.signIn(dev.email, 'wrong-password');
    expect(res.statusCode).toBe(400);
    expectPageHeaders(res);
    expect(setCookies(res)).toEqual([]);
    expect(res.body).toContain(
      `<p class="alert" role="alert" id="signin-error">${signInRefused}</p>`,
    );
    expect(res.body).toContain('value="dev@partium.example" aria-describedby="signin-error">');
    // An unknown account reads the same.
    const unknown = await b.signIn('nobody@partium.example', 'wrong-password');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toBe(res.body.replace('dev@partium.example', 'nobody@partium.example'));
    expect(await allSessions()).toEqual(before);
  });

  it('locks the account after 5 wrong passwords, as the password grant does', async () => {
    const { app, services } = ctx();
    const locked = { email: 'locked@example.com', password: 'the-right-pass' };
    const user = await services.users.create(locked);
    await services.users.addToOrg(user.id, 'org_demo_parts', 'member');
    const b = browser(app, '198.51.100.2');
    const refusals: LightMyRequestResponse[] = [];
    for (let i = 0; i < 5; i++) refusals.push(await b.signIn(locked.email, 'wrong-password'));
    expect(refusals.map((res) => res.statusCode)).toEqual([400, 400, 400, 400, 400]);
    const right = await b.signIn(locked.email, locked.password);
    expect(right.statusCode).toBe(400);
    expect(right.body).toBe(refusals[0]?.body);
    expect(setCookies(right)).toEqual([]);
    expect(await sessionsOf(ctx(), locked.email)).toEqual([]);
    const grant = await postToken(
      app,
      { grant_type: 'password', username: locked.email, password: locked.password },
      backend,
      '198.51.100.3',
    );
    expectJson(grant, 400, oauthError('invalid_grant', 'invalid username or password'));
  });

  it('asks for both fields when one is empty', async () => {
    const b = browser(ctx().app);
    const res = await b.signIn(dev.email, '');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      '<p class="alert" role="alert" id="signin-error">Enter your email address and your password.</p>',
    );
  });

  it('refuses a sign-in without its CSRF token or cookie: 403, no session', async () => {
    const { app } = ctx();
    const before = await sessionsOf(ctx(), dev.email);
    const b = browser(app);
    await b.get('/signin');
    const noToken = await b.post('/signin', dev);
    const wrongToken = await b.post('/signin', { ...dev, csrf_token: 'x'.repeat(43) });
    const page = await browser(app).get('/signin');
    const noCookie = await app.inject({
      method: 'POST',
      url: '/signin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...dev, csrf_token: csrfOf(page) }).toString(),
    });
    for (const res of [noToken, wrongToken, noCookie]) {
      expect(res.statusCode).toBe(403);
      expectPageHeaders(res);
      expect(res.body).toContain('<h1>This form could not be accepted</h1>');
      expect(setCookies(res)).toEqual([]);
    }
    expect(await sessionsOf(ctx(), dev.email)).toEqual(before);
  });

  it('rotates the session: the id the browser came with is not valid after', async () => {
    const { app, services } = ctx();
    const b = browser(app);
    // An id planted in the browser before sign-in (session fixation) is replaced.
    const planted = 'p'.repeat(43);
    b.jar.set('gatehouse_session', planted);
    expect((await b.signIn(dev.email, dev.password)).statusCode).toBe(303);
    const first = b.jar.get('gatehouse_session') ?? '';
    expect(first).not.toBe(planted);
    expect(await services.sessions.find(planted)).toBeUndefined();
    expect((await b.signIn(dev.email, dev.password)).statusCode).toBe(303);
    const second = b.jar.get('gatehouse_session') ?? '';
    expect(second).not.toBe(first);
    expect(await services.sessions.find(first)).toBeUndefined();
    expect(await services.sessions.find(second)).toBeDefined();
    const stale = await app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: `gatehouse_session=${first}` },
    });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe('/signin?return_to=%2Faccount');
  });

  it('goes back to a return_to of this server', async () => {
    const b = browser(ctx().app);
    const page = await b.get('/signin?return_to=%2Faccount%3Ftab%3Dorgs');
    expect(page.body).toContain('<input type="hidden" name="return_to" value="/account?tab=orgs">');
    const res = await b.signIn(dev.email, dev.password, '/account?tab=orgs');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account?tab=orgs');
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    'evil.example',
  ])('refuses return_to=%s: the form drops it, and sign-in goes to /account', async (bad) => {
    const b = browser(ctx().app);
    const page = await b.get(`/signin?return_to=${encodeURIComponent(bad)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="return_to"');
    const res = await b.post('/signin', { csrf_token: csrfOf(page), ...dev, return_to: bad });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
  });

  it('escapes what it writes back into the form', async () => {
    const b = browser(ctx().app, '198.51.100.4');
    const returnTo = '/account?q="><script>alert(1)</script>';
    const page = await b.get(`/signin?return_to=${encodeURIComponent(returnTo)}`);
    expect(page.body).toContain(
      'name="return_to" value="/account?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">',
    );
    const res = await b.post('/signin', {
      csrf_token: csrfOf(page),
      email: '"><script>x</script>@example.com',
      password: 'wrong-password',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;@example.com"');
    expect(res.body).not.toContain('<script');
  });

  it('is linked from the sandbox page', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/sandbox' });
    expect(res.body).toContain('<a href="/signin">sign in with a browser</a>');
  });

  it('serves its stylesheet', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/assets/gatehouse.css' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.body).toContain('main{width:100%;max-width:26rem;');
  });

  it('serves its icon, which every page names (else a browser asks for /favicon.ico)', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/assets/gatehouse.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.body).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">.*<\/svg>\n$/,
    );
    const page = await ctx().app.inject({ method: 'GET', url: '/signin' });
    expect(page.body).toContain(
      '<link rel="icon" href="/assets/gatehouse.svg" type="image/svg+xml">',
    );
  });
});

describe.each(storeTargets)(
  'signing in behind an https PUBLIC_URL, in production ($name)',
  (target) => {
    const ctx = useTestApp(target, { publicUrl: 'https://gatehouse.test', sandbox: false });

    it('is linked from the home page', async () => {
      const res = await ctx().app.inject({ method: 'GET', url: '/' });
      expect(res.body).toContain(
        '<p>People with an account <a href="/signin">sign in here</a>.</p>',
      );
    });

    it('names the cookies __Host- and marks them Secure', async () => {
      const { app, services } = ctx();
      const person = { email: 'https@example.com', password: 'https-pass-123' };
      await services.users.create(person);
      const b = browser(app);
      const page = await b.get('/signin');
      expect(setCookies(page)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^__Host-gatehouse_signin=${token43}; Path=/; HttpOnly; SameSite=Lax; Secure$`,
          ),
        ),
      ]);
      const res = await b.post('/signin', { csrf_token: csrfOf(page), ...person });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account');
      expect(setCookies(res)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^__Host-gatehouse_session=${token43}; Path=/; HttpOnly; SameSite=Lax; Secure$`,
          ),
        ),
      ]);
      expect((await b.get('/account')).statusCode).toBe(200);
      // The cookie without its prefix, which any host could set, is not read.
      const id = b.jar.get('__Host-gatehouse_session') ?? '';
      const unprefixed = await app.inject({
        method: 'GET',
        url: '/account',
        headers: { cookie: `gatehouse_session=${id}` },
      });
      expect(unprefixed.statusCode).toBe(303);
      const logout = await b.post('/logout', { csrf_token: csrfOf(await b.get('/account')) });
      expect(setCookies(logout)).toEqual([
        '__Host-gatehouse_session=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0',
      ]);
    });
  },
);

describe('what /signin answers to a body that is not a form', () => {
  const [sqlite] = storeTargets;
  if (sqlite === undefined) throw new Error('no SQLite target');
  const ctx = useTestApp(sqlite);

  it('answers an unknown content type with a page, 415, and signs nobody in', async () => {
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/signin',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--',
    });
    expect(res.statusCode).toBe(415);
    expectPageHeaders(res);
    expect(res.body).toContain(
      '<h1>This request could not be handled</h1>\n<p>unsupported content type</p>',
    );
  });
});
