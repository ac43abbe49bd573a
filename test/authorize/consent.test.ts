import { describe, expect, it } from 'vitest';
import { storeTargets } from '../helpers/targets.js';
import {
  browser,
  cardPage,
  csrfOf,
  expectPageHeaders,
  failedPage,
  formOf,
  setCookies,
} from '../sessions/browser.js';
import {
  authorizeUrl,
  callback,
  challenge,
  codeOf,
  codeRow,
  codeShape,
  decide,
  decisionButtons,
  dev,
  errorLocation,
  partsRequest,
  platformRequest,
  signedInAs,
  signedInBrowser,
  useAuthorizeApp,
  verifier,
} from './support.js';

const devId = 'usr_partium_dev';
const refused = '<h1>This form could not be accepted</h1>';

describe.each(storeTargets)('the consent page ($name)', (target) => {
  const ctx = useAuthorizeApp(target);
  const codes = () => ctx().services.db.selectFrom('authorization_codes').selectAll().execute();

  it('signs the person in, asks, and redirects with a code bound to all it was asked', async () => {
    const { services, clock } = ctx();
    const b = browser(ctx().app);
    const url = authorizeUrl(partsRequest());
    const first = await b.get(url);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/signin?return_to=${encodeURIComponent(url)}`);
    expectPageHeaders(first, false);

    const signInPage = await b.follow(first);
    expect(signInPage.statusCode).toBe(200);
    expectPageHeaders(signInPage, true, 'http://127.0.0.1:5173');
    const signedInAt = clock.now();
    const back = await b.post('/signin', { ...formOf(signInPage, '/signin'), ...dev });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(url);

    clock.advance(5);
    const page = await b.follow(back);
    expect(page.statusCode).toBe(200);
    expectPageHeaders(page, true, 'http://127.0.0.1:5173');
    const token = services.csrf.tokenFor('session', b.jar.get('gatehouse_session') ?? '');
    expect(page.body).toBe(
      cardPage(
        'Allow Parts Catalogue',
        `<h1><span class="client">Parts Catalogue</span> wants to access your account</h1>
${signedInAs('dev@partium.example', token, url)}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="csrf_token" value="${token}">
<input type="hidden" name="response_type" value="code">
<input type="hidden" name="client_id" value="parts_app">
<input type="hidden" name="redirect_uri" value="http://127.0.0.1:5173/callback">
<input type="hidden" name="scope" value="openid profile">
<input type="hidden" name="state" value="st-123">
<input type="hidden" name="code_challenge" value="${challenge}">
<input type="hidden" name="code_challenge_method" value="S256">
<input type="hidden" name="nonce" value="n-0S6_WzA2Mj">
<input type="hidden" name="org_id" value="org_demo_parts">
<p>In <strong>Demo Parts Co</strong></p>
<p>This will allow Parts Catalogue to:</p>
<ul class="scopes">
<li>Confirm that you are <strong>dev@partium.example</strong></li>
<li>See your name</li>
</ul>
${decisionButtons}
</form>
<p class="muted">Either way, you go back to http://127.0.0.1:5173. You can withdraw this on <a href="/account">your account page</a>.</p>`,
      ),
    );

    const res = await decide(b, page, 'allow');
    expectPageHeaders(res, false);
    const code = codeOf(res);
    expect(code).toMatch(codeShape);
    expect(await codeRow(ctx(), code)).toEqual({
      code_hash: expect.any(String),
      client_id: 'parts_app',
      redirect_uri: callback,
      user_id: devId,
      org_id: 'org_demo_parts',
      scope: 'openid profile',
      code_challenge: challenge,
      nonce: 'n-0S6_WzA2Mj',
      auth_time: signedInAt,
      created_at: clock.now(),
      expires_at: clock.now() + 60,
      used_at: null,
      replayed_at: null,
      access_jti: null,
      access_expires_at: null,
      refresh_family_id: null,
    });
    expect(await services.consents.list(devId)).toEqual([
      {
        clientId: 'parts_app',
        orgId: 'org_demo_parts',
        scopes: ['openid', 'profile'],
        grantedAt: clock.now(),
      },
    ]);
    // The code is one the authorization_code grant can redeem, with the verifier.
    expect(
      await services.authorizationCodes.redeem(code, {
        clientId: 'parts_app',
        redirectUri: callback,
        codeVerifier: verifier,
      }),
    ).toEqual({
      clientId: 'parts_app',
      redirectUri: callback,
      userId: devId,
      orgId: 'org_demo_parts',
      scopes: ['openid', 'profile'],
      nonce: 'n-0S6_WzA2Mj',
      authTime: signedInAt,
      pkce: true,
    });
  });

  it('answers at once when consent was given, for those scopes or fewer', async () => {
    await ctx().services.consents.grant(devId, 'parts_app', 'org_demo_parts', [
      'openid',
      'profile',
    ]);
    const b = await signedInBrowser(ctx());
    for (const scope of ['openid profile', 'openid']) {
      const res = await b.get(authorizeUrl(partsRequest({ scope })));
      expectPageHeaders(res, false);
      const code = codeOf(res);
      expect((await codeRow(ctx(), code))?.scope).toBe(scope);
    }
    // More than was allowed is asked again.
    const more = await b.get(authorizeUrl(partsRequest({ scope: 'openid profile email' })));
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('<li>See your email address</li>');
  });

  it('asks again with prompt=consent, though consent was given', async () => {
    await ctx().services.consents.grant(devId, 'parts_app', 'org_demo_parts', [
      'openid',
      'profile',
    ]);
    const b = await signedInBrowser(ctx());
    // Without prompt=consent, the same request is answered at once.
    expect(codeOf(await b.get(authorizeUrl(partsRequest())))).toMatch(codeShape);
    const page = await b.get(authorizeUrl(partsRequest({ prompt: 'consent' })));
    expect(page.statusCode).toBe(200);
    expect(formOf(page, '/oauth/authorize')).toMatchObject({ prompt: 'consent' });
    const code = codeOf(await decide(b, page, 'allow'));
    expect(code).toMatch(codeShape);
  });

  it('sends access_denied when the person denies, and remembers nothing', async () => {
    const { services } = ctx();
    const before = await codes();
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(partsRequest({ scope: 'openid email' })));
    const res = await decide(b, page, 'deny');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      errorLocation('access_denied', 'the person denied the request'),
    );
    expect(await codes()).toEqual(before);
    expect(await services.consents.covers(devId, 'parts_app', 'org_demo_parts', ['email'])).toBe(
      false,
    );
  });

  it('lets a person in two orgs choose one, and issues the code for that org', async () => {
    const { services } = ctx();
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(platformRequest()));
    expect(page.statusCode).toBe(200);
    expectPageHeaders(page, true, 'https://platform.example');
    expect(page.body).toContain(`<fieldset>
<legend>Organization</legend>
<label class="choice"><input type="radio" name="org_id" value="org_demo_parts" checked> Demo Parts Co</label>
<label class="choice"><input type="radio" name="org_id" value="org_second_parts"> Second Parts Co</label>
</fieldset>`);
    expect(formOf(page, '/oauth/authorize').org_id).toBe('org_demo_parts');
    const res = await decide(b, page, 'allow', { org_id: 'org_second_parts' });
    const code = codeOf(res, 'https://platform.example/cb');
    expect(await codeRow(ctx(), code)).toMatchObject({
      client_id: 'platform_app',
      org_id: 'org_second_parts',
      scope: 'openid email',
    });
    expect(await services.consents.covers(devId, 'platform_app', 'org_second_parts', [])).toBe(
      true,
    );
    expect(await services.consents.covers(devId, 'platform_app', 'org_demo_parts', [])).toBe(false);
    // Two orgs to choose from: the page again; the client naming the org: at once.
    expect((await b.get(authorizeUrl(platformRequest()))).statusCode).toBe(200);
    const named = await b.get(authorizeUrl(platformRequest({ org_id: 'org_second_parts' })));
    expect(codeOf(named, 'https://platform.example/cb')).toMatch(codeShape);
  });

  it.each([
    ['an org the person is not in', 'platform_app', 'org_demo_retail'],
    ['an org of the person the client does not act for', 'parts_app', 'org_second_parts'],
    ['an org that does not exist', 'parts_app', 'org_nowhere'],
  ])('refuses a form changed to %s: access_denied, nothing issued', async (_what, client, org) => {
    const { services } = ctx();
    const before = await codes();
    const consentsBefore = await services.consents.list(devId);
    const b = await signedInBrowser(ctx());
    const request =
      client === 'parts_app'
        ? partsRequest({ scope: 'email' })
        : platformRequest({ scope: 'email' });
    const page = await b.get(authorizeUrl(request));
    const res = await decide(b, page, 'allow', { org_id: org });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      errorLocation(
        'access_denied',
        'the person cannot grant this client access in that organization',
        { redirectUri: request.redirect_uri },
      ),
    );
    expect(await codes()).toEqual(before);
    expect(await services.consents.list(devId)).toEqual(consentsBefore);
  });

  it('asks which org when the form names none and the person has two', async () => {
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(platformRequest({ scope: 'openid' })));
    const fields = formOf(page, '/oauth/authorize');
    delete fields.org_id;
    const res = await b.post('/oauth/authorize', { ...fields, decision: 'allow' });
    expect(res.headers.location).toBe(
      errorLocation('invalid_request', 'org_id must name the organization chosen', {
        redirectUri: 'https://platform.example/cb',
      }),
    );
  });

  it('refuses a form without its CSRF token, or from another site: 403, nothing done', async () => {
    const { services, app } = ctx();
    const before = await codes();
    const consentsBefore = await services.consents.list(devId);
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(partsRequest({ scope: 'openid profile email' })));
    const fields = { ...formOf(page, '/oauth/authorize'), decision: 'allow' };
    const other = await signedInBrowser(ctx());
    const attempts = [
      b.post('/oauth/authorize', { ...fields, csrf_token: '' }),
      b.post('/oauth/authorize', { ...fields, csrf_token: csrfOf(await other.get('/account')) }),
      b.post('/oauth/authorize', fields, { origin: 'http://evil.example' }),
      b.post('/oauth/authorize', fields, { 'sec-fetch-site': 'cross-site' }),
      // Without the cookie, as a cross-site POST arrives (SameSite=Lax).
      app.inject({
        method: 'POST',
        url: '/oauth/authorize',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(403);
      expect(res.headers.location).toBeUndefined();
      expectPageHeaders(res);
      expect(res.body).toContain(refused);
      expect(setCookies(res)).toEqual([]);
    }
    expect(await codes()).toEqual(before);
    expect(await services.consents.list(devId)).toEqual(consentsBefore);
  });

  it('refuses a form that says neither allow nor deny', async () => {
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(partsRequest({ scope: 'email' })));
    const res = await b.post('/oauth/authorize', formOf(page, '/oauth/authorize'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toBe(failedPage('The form must say allow or deny.'));
  });

  it('sends the person to sign in again when the session ended meanwhile', async () => {
    const { services } = ctx();
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(partsRequest({ scope: 'email' })));
    await services.sessions.end(b.jar.get('gatehouse_session') ?? '');
    const res = await decide(b, page, 'allow');
    expect(res.statusCode).toBe(303);
    // Back to the request as the form carried it, with the org chosen.
    const back = authorizeUrl(partsRequest({ scope: 'email', org_id: 'org_demo_parts' }));
    expect(res.headers.location).toBe(`/signin?return_to=${encodeURIComponent(back)}`);
    expect(setCookies(res)).toEqual([
      'gatehouse_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    ]);
  });

  it('signs out from the page and comes back to the request as someone else', async () => {
    const b = await signedInBrowser(ctx());
    const back = authorizeUrl(partsRequest({ scope: 'openid', prompt: 'consent' }));
    const page = await b.get(back);
    const out = await b.post('/logout', formOf(page, '/logout'));
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe(`/signin?return_to=${encodeURIComponent(back)}`);
    const viewerBack = await b.signIn('viewer@partium.example', 'demo-viewer-pass', back);
    expect(viewerBack.headers.location).toBe(back);
    const viewerPage = await b.follow(viewerBack);
    expect(viewerPage.body).toContain(
      '<p>Signed in as <strong>viewer@partium.example</strong></p>',
    );
  });
});
