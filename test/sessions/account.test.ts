import { describe, expect, it } from 'vitest';
import { sessionLimits } from '../../src/sessions/service.js';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';
import { browser, csrfOf, expectPageHeaders, setCookies, type Browser } from './browser.js';

const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };

describe.each(storeTargets)('the account page and signing out ($name)', (target) => {
  const ctx = useTestApp(target);

  /** A browser signed in as `person` (the sandbox's developer unless told). */
  async function signedIn(person = dev): Promise<Browser> {
    const b = browser(ctx().app);
    expect((await b.signIn(person.email, person.password)).statusCode).toBe(303);
    return b;
  }

  it('shows who is signed in, their organizations and roles, and a sign-out button', async () => {
    const b = await signedIn();
    const res = await b.get('/account');
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
    expect(res.body).toContain(
      '<dl>\n<dt>Name</dt><dd>dev@partium.example</dd>\n<dt>Email</dt><dd>dev@partium.example</dd>\n</dl>',
    );
    expect(res.body).toContain(
      '<tbody>\n<tr><td>Demo Parts Co</td><td>developer</td></tr>\n' +
        '<tr><td>Second Parts Co</td><td>member</td></tr>\n</tbody>',
    );
    const id = b.jar.get('gatehouse_session') ?? '';
    expect(csrfOf(res)).toBe(ctx().services.csrf.tokenFor('session', id));
    expect(res.body).toContain('<form method="post" action="/logout">');
  });

  it('sends a browser that is not signed in to sign in, and back', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?return_to=%2Faccount');
    expectPageHeaders(res, false);
    expect(setCookies(res)).toEqual([]);
    // A cookie that names no session is removed on the way.
    const unknown = await ctx().app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: `gatehouse_session=${'u'.repeat(43)}` },
    });
    expect(unknown.statusCode).toBe(303);
    expect(setCookies(unknown)).toEqual([
      'gatehouse_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    ]);
  });

  it('escapes the values it shows', async () => {
    const { services } = ctx();
    const person = { email: 'mallory@example.com', password: 'mallory-pass' };
    const user = await services.users.create({ ...person, name: '<script>alert(1)</script>' });
    await services.users.addToOrg(user.id, 'org_demo_parts', 'member');
    const res = await (await signedIn(person)).get('/account');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<dt>Name</dt><dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>');
    expect(res.body).not.toContain('<script');
  });

  it('refuses a sign-out without its CSRF token: 403, and the session goes on', async () => {
    const b = await signedIn();
    const id = b.jar.get('gatehouse_session') ?? '';
    const other = await signedIn();
    const otherToken = csrfOf(await other.get('/account'));
    const attempts: Record<string, string>[] = [{}, { csrf_token: '' }, { csrf_token: otherToken }];
    for (const fields of attempts) {
      const res = await b.post('/logout', fields);
      expect(res.statusCode).toBe(403);
      expectPageHeaders(res);
      expect(res.body).toContain('<h1>This form could not be accepted</h1>');
      expect(setCookies(res)).toEqual([]);
    }
    expect(await ctx().services.sessions.find(id)).toBeDefined();
    expect((await b.get('/account')).statusCode).toBe(200);
  });

  it('signs out with the token: the session ends, the cookie goes, 303 to /signin', async () => {
    const b = await signedIn();
    const id = b.jar.get('gatehouse_session') ?? '';
    const res = await b.post('/logout', { csrf_token: csrfOf(await b.get('/account')) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin');
    expectPageHeaders(res, false);
    expect(setCookies(res)).toEqual([
      'gatehouse_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    ]);
    expect(await ctx().services.sessions.find(id)).toBeUndefined();
    // The old cookie, sent again, signs nobody in.
    const again = await ctx().app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: `gatehouse_session=${id}` },
    });
    expect(again.statusCode).toBe(303);
  });

  it.each([
    ['/oauth/authorize?client_id=app', '/signin?return_to=%2Foauth%2Fauthorize%3Fclient_id%3Dapp'],
    ['//evil.example', '/signin'],
    ['https://evil.example', '/signin'],
  ])('signs out with return_to=%s: 303 to %s', async (returnTo, location) => {
    const b = await signedIn();
    const token = csrfOf(await b.get('/account'));
    const res = await b.post('/logout', { csrf_token: token, return_to: returnTo });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(location);
  });

  describe.each(aroundTheLimit)('30 idle minutes, %s', (_at, offset, holds) => {
    it(`${holds ? 'keeps' : 'ends'} the session`, async () => {
      const b = await signedIn();
      ctx().clock.advance(sessionLimits.idleSeconds + offset);
      expect((await b.get('/account')).statusCode).toBe(holds ? 200 : 303);
    });
  });

  describe.each(aroundTheLimit)('12 hours after sign-in, %s', (_at, offset, holds) => {
    it(`${holds ? 'keeps' : 'ends'} a busy session`, async () => {
      const b = await signedIn();
      const step = 25 * 60;
      let elapsed = 0;
      while (elapsed + step < sessionLimits.absoluteSeconds) {
        ctx().clock.advance(step);
        elapsed += step;
        expect((await b.get('/account')).statusCode).toBe(200);
      }
      ctx().clock.advance(sessionLimits.absoluteSeconds + offset - elapsed);
      expect((await b.get('/account')).statusCode).toBe(holds ? 200 : 303);
    });
  });
});
