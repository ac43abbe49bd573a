import { describe, expect, it } from 'vitest';
import { storeTargets } from '../helpers/targets.js';
import {
  browser,
  expectPageHeaders,
  formOf,
  setCookies,
  type Browser,
} from '../sessions/browser.js';
import {
  authorizeUrl,
  codeOf,
  codeRow,
  codeShape,
  decide,
  dev,
  errorLocation,
  partlyAdmin,
  partsRequest,
  platformRequest,
  signedInBrowser,
  useAuthorizeApp,
} from './support.js';

const devId = 'usr_partium_dev';
const signInFor = (url: string) => `/signin?return_to=${encodeURIComponent(url)}`;
const clearedSession = 'gatehouse_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0';

describe.each(storeTargets)('prompt and max_age ($name)', (target) => {
  const ctx = useAuthorizeApp(target);
  /** Dev's consent to the Parts Catalogue app for `openid profile`, given earlier. */
  const consented = () =>
    ctx().services.consents.grant(devId, 'parts_app', 'org_demo_parts', ['openid', 'profile']);

  /** Signs `b` in on the page `res` sent it to, and follows it back. */
  async function signInThere(b: Browser, res: { headers: Record<string, unknown> }, person = dev) {
    const page = await b.get(String(res.headers.location));
    const back = await b.post('/signin', { ...formOf(page, '/signin'), ...person });
    expect(back.statusCode).toBe(303);
    return back;
  }

  describe('prompt=none: nothing is shown', () => {
    it('tells the client login_required when nobody is signed in', async () => {
      const res = await browser(ctx().app).get(authorizeUrl(partsRequest({ prompt: 'none' })));
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(errorLocation('login_required', 'the person must sign in'));
      expectPageHeaders(res, false);
    });

    it('tells the client consent_required when the person has not allowed it', async () => {
      const b = await signedInBrowser(ctx());
      const res = await b.get(authorizeUrl(partsRequest({ prompt: 'none', scope: 'email' })));
      expect(res.headers.location).toBe(
        errorLocation('consent_required', 'the person must allow this client'),
      );
    });

    it('answers with a code when consent was given', async () => {
      await consented();
      const b = await signedInBrowser(ctx());
      const code = codeOf(await b.get(authorizeUrl(partsRequest({ prompt: 'none' }))));
      expect(code).toMatch(codeShape);
    });

    it('tells the client interaction_required when the person must choose an org', async () => {
      const b = await signedInBrowser(ctx());
      const res = await b.get(authorizeUrl(platformRequest({ prompt: 'none' })));
      expect(res.headers.location).toBe(
        errorLocation('interaction_required', 'the person must choose an organization', {
          redirectUri: 'https://platform.example/cb',
        }),
      );
    });

    it('tells an install client consent_required: an install is always asked', async () => {
      const b = await signedInBrowser(ctx(), partlyAdmin);
      const redirectUri = 'http://127.0.0.1:5174/install/callback';
      const params = {
        response_type: 'code',
        client_id: 'partly_client_demo',
        redirect_uri: redirectUri,
        state: 'st-123',
        prompt: 'none',
      };
      // An admin of two orgs must choose; of the one named, must still allow.
      const choose = await b.get(authorizeUrl(params));
      expect(choose.headers.location).toBe(
        errorLocation('interaction_required', 'the person must choose an organization', {
          redirectUri,
        }),
      );
      const named = await b.get(authorizeUrl({ ...params, org_id: 'org_demo_repairer' }));
      expect(named.headers.location).toBe(
        errorLocation('consent_required', 'the person must allow this client', { redirectUri }),
      );
    });

    it('tells the client login_required when the sign-in is older than max_age', async () => {
      await consented();
      const b = await signedInBrowser(ctx());
      ctx().clock.advance(61);
      const res = await b.get(authorizeUrl(partsRequest({ prompt: 'none', max_age: '60' })));
      expect(res.headers.location).toBe(errorLocation('login_required', 'the person must sign in'));
      // Nothing is shown, and nothing ends: the session goes on.
      expect(setCookies(res)).toEqual([]);
      expect((await b.get('/account')).statusCode).toBe(200);
    });
  });

  describe('prompt=login: the person signs in again', () => {
    it('ends the session, signs in anew and comes back without looping', async () => {
      const { services, clock } = ctx();
      await consented();
      const b = await signedInBrowser(ctx());
      const old = b.jar.get('gatehouse_session') ?? '';
      clock.advance(30);
      const res = await b.get(authorizeUrl(partsRequest({ prompt: 'login' })));
      const back = authorizeUrl(partsRequest());
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(signInFor(back));
      expect(setCookies(res)).toEqual([clearedSession]);
      expect(await services.sessions.find(old)).toBeUndefined();
      // The way back, taken without signing in, leads to the sign-in page again.
      const skipped = await ctx().app.inject({
        method: 'GET',
        url: back,
        headers: { cookie: `gatehouse_session=${old}` },
      });
      expect(skipped.headers.location).toBe(signInFor(back));
      clock.advance(5);
      const signedInAt = clock.now();
      const returned = await signInThere(b, res);
      expect(returned.headers.location).toBe(back);
      const code = codeOf(await b.follow(returned));
      expect((await codeRow(ctx(), code))?.auth_time).toBe(signedInAt);
    });

    it('keeps prompt=consent on the way back, and asks', async () => {
      await consented();
      const b = await signedInBrowser(ctx());
      const res = await b.get(authorizeUrl(partsRequest({ prompt: 'login consent' })));
      const back = authorizeUrl(partsRequest({ prompt: 'consent' }));
      expect(res.headers.location).toBe(signInFor(back));
      const page = await b.follow(await signInThere(b, res));
      expect(page.statusCode).toBe(200);
      expect(codeOf(await decide(b, page, 'allow'))).toMatch(codeShape);
    });
  });

  describe('max_age', () => {
    it.each([
      ['within it', 100, 100, true],
      ['past it', 100, 101, false],
      ['max_age=0, the second of sign-in', 0, 0, true],
      ['max_age=0, a second later', 0, 1, false],
    ])('%s: %s seconds allowed, %s elapsed', async (_what, maxAge, elapsed, fresh) => {
      const { services, clock } = ctx();
      await consented();
      const b = await signedInBrowser(ctx());
      const old = b.jar.get('gatehouse_session') ?? '';
      clock.advance(elapsed);
      const res = await b.get(authorizeUrl(partsRequest({ max_age: String(maxAge) })));
      if (fresh) {
        expect(codeOf(res)).toMatch(codeShape);
        return;
      }
      const back = authorizeUrl(partsRequest());
      expect(res.headers.location).toBe(signInFor(back));
      expect(setCookies(res)).toEqual([clearedSession]);
      expect(await services.sessions.find(old)).toBeUndefined();
      clock.advance(1);
      const returned = await signInThere(b, res);
      clock.advance(1);
      // The new sign-in satisfies the request: no loop back to the sign-in page.
      const code = codeOf(await b.follow(returned));
      expect((await codeRow(ctx(), code))?.auth_time).toBe(clock.now() - 1);
    });
  });
});
