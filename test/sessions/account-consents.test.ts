import { describe, expect, it } from 'vitest';
import { badRefreshToken, expectJson } from '../helpers/replies.js';
import { bearerRequest, okJson, postToken } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { badCode, issueCode, redeem, spa, type CodeTokens } from '../oauth/code-grant-support.js';
import {
  authorizeUrl,
  codeOf,
  decide,
  partsRequest,
  signedInBrowser,
  useAuthorizeApp,
} from '../authorize/support.js';
import { expectPageHeaders, failedPage, formOf, setCookies } from './browser.js';

const devId = 'usr_partium_dev';
const viewerId = 'usr_partium_viewer';
const invalidToken = 'the access token is invalid, expired or revoked';

describe.each(storeTargets)('remembered consents on the account page ($name)', (target) => {
  const ctx = useAuthorizeApp(target);

  it('says when no application was allowed', async () => {
    const b = await signedInBrowser(ctx(), {
      email: 'viewer@partium.example',
      password: 'demo-viewer-pass',
    });
    const res = await b.get('/account');
    expect(res.body).toContain(
      '<h2>Applications you allowed</h2>\n<p class="muted">You have not allowed any application.</p>',
    );
  });

  it('lists each consent with its client, org and scopes, newest first', async () => {
    const { services, clock } = ctx();
    await services.consents.grant(devId, 'platform_app', 'org_second_parts', []);
    clock.advance(1);
    const b = await signedInBrowser(ctx());
    // One given on the consent page, as a person gives it.
    const page = await b.get(authorizeUrl(partsRequest({ scope: 'openid profile' })));
    codeOf(await decide(b, page, 'allow'));
    const res = await b.get('/account');
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
    const token = services.csrf.tokenFor('session', b.jar.get('gatehouse_session') ?? '');
    const row = (client: string, org: string, orgName: string, name: string, scopes: string) =>
      `<tr>
<td>${name}</td>
<td>${orgName}</td>
<td>${scopes}</td>
<td><form method="post" action="/account/consents/revoke">
<input type="hidden" name="csrf_token" value="${token}">
<input type="hidden" name="client_id" value="${client}">
<input type="hidden" name="org_id" value="${org}">
<button type="submit" class="secondary small">Revoke</button>
</form></td>
</tr>`;
    expect(res.body).toContain(`<h2>Applications you allowed</h2>
<table class="consents">
<thead><tr><th scope="col">Application</th><th scope="col">Organization</th><th scope="col">Permissions</th><th scope="col"><span class="visually-hidden">Revoke</span></th></tr></thead>
<tbody>
${row('parts_app', 'org_demo_parts', 'Demo Parts Co', 'Parts Catalogue', 'openid profile')}
${row('platform_app', 'org_second_parts', 'Second Parts Co', 'Platform App', '<span class="muted">none</span>')}
</tbody>
</table>`);
  });

  it('revokes one with its button: 303 to /account, and the client asks again', async () => {
    const { services } = ctx();
    const b = await signedInBrowser(ctx());
    await services.consents.grant(devId, 'parts_app', 'org_demo_parts', ['openid']);
    expect(codeOf(await b.get(authorizeUrl(partsRequest({ scope: 'openid' }))))).toMatch(/^gha_/);
    const res = await b.post(
      '/account/consents/revoke',
      formOf(await b.get('/account'), '/account/consents/revoke'),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    expectPageHeaders(res, false);
    expect((await services.consents.list(devId)).map((c) => c.clientId)).toEqual(['platform_app']);
    const again = await b.get(authorizeUrl(partsRequest({ scope: 'openid' })));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('wants to access your account');
  });

  it('refuses a revoke without its CSRF token, or from another site: the consent stays', async () => {
    const { services } = ctx();
    await services.consents.grant(devId, 'parts_app', 'org_demo_parts', ['openid']);
    const before = await services.consents.list(devId);
    const b = await signedInBrowser(ctx());
    const fields = formOf(await b.get('/account'), '/account/consents/revoke');
    for (const res of [
      await b.post('/account/consents/revoke', { ...fields, csrf_token: 'x'.repeat(43) }),
      await b.post('/account/consents/revoke', fields, { origin: 'http://evil.example' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('<h1>This form could not be accepted</h1>');
    }
    expect(await services.consents.list(devId)).toEqual(before);
  });

  it('refuses a revoke that names no consent, and sends an ended session to sign in', async () => {
    const { services } = ctx();
    const b = await signedInBrowser(ctx());
    const { csrf_token } = formOf(await b.get('/account'), '/logout');
    const bad = await b.post('/account/consents/revoke', { csrf_token: csrf_token ?? '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toBe(failedPage('The form must name the application and the organization.'));
    await services.sessions.end(b.jar.get('gatehouse_session') ?? '');
    const ended = await b.post('/account/consents/revoke', {
      csrf_token: csrf_token ?? '',
      client_id: 'parts_app',
      org_id: 'org_demo_parts',
    });
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe('/signin?return_to=%2Faccount');
    expect(setCookies(ended)).toEqual([]);
    expect(await services.consents.covers(devId, 'parts_app', 'org_demo_parts', [])).toBe(true);
  });

  /** The SPA's tokens for `userId` in Demo Parts Co, after the person allowed it there. */
  async function spaTokens(userId: string): Promise<CodeTokens> {
    const { services, app } = ctx();
    await services.consents.grant(userId, spa.id, 'org_demo_parts', ['openid']);
    const code = await issueCode(ctx(), { userId, scopes: ['openid'] });
    return okJson<CodeTokens>(redeem(app, { code }));
  }

  const refreshWith = (token: string) =>
    postToken(ctx().app, { grant_type: 'refresh_token', refresh_token: token, client_id: spa.id });
  const userinfo = (token: string) => bearerRequest(ctx().app, 'GET', '/oauth/userinfo', token);

  it("ends the client's tokens for the person in that org: refresh and access tokens are refused", async () => {
    const { services } = ctx();
    const dev = await spaTokens(devId);
    const viewer = await spaTokens(viewerId);
    const b = await signedInBrowser(ctx());
    const fields = formOf(await b.get('/account'), '/account/consents/revoke');
    const res = await b.post('/account/consents/revoke', {
      ...fields,
      client_id: spa.id,
      org_id: 'org_demo_parts',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    expectJson(await refreshWith(dev.refresh_token ?? ''), 400, badRefreshToken);
    const refused = await userinfo(dev.access_token);
    expectJson(refused, 401, { error: 'invalid_token', error_description: invalidToken });
    expect(refused.headers['www-authenticate']).toBe(
      `Bearer realm="gatehouse", error="invalid_token", error_description="${invalidToken}"`,
    );
    // Another person's tokens for the same client and org are theirs alone.
    expectJson(await userinfo(viewer.access_token), 200, { sub: viewerId });
    expect((await refreshWith(viewer.refresh_token ?? '')).statusCode).toBe(200);
    expect(await services.consents.covers(viewerId, spa.id, 'org_demo_parts', [])).toBe(true);
    expect(await services.consents.covers(devId, spa.id, 'org_demo_parts', [])).toBe(false);
  });

  it('withdraws codes not yet redeemed, and access tokens that have no refresh token', async () => {
    const { services, app } = ctx();
    const { client } = await services.clients.create({
      orgId: 'org_demo_parts',
      name: 'No refresh',
      type: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: [spa.redirectUri],
      scopes: ['openid'],
    });
    await services.consents.grant(devId, client.id, 'org_demo_parts', ['openid']);
    await services.consents.grant(devId, spa.id, 'org_demo_parts', ['openid']);
    const redeemed = await issueCode(ctx(), { clientId: client.id, scopes: ['openid'] });
    const tokens = await okJson<CodeTokens>(redeem(app, { code: redeemed, client_id: client.id }));
    expect(tokens.refresh_token).toBeUndefined();
    const waiting = await issueCode(ctx(), { scopes: ['openid'] });
    const b = await signedInBrowser(ctx());
    const fields = formOf(await b.get('/account'), '/logout');
    for (const clientId of [client.id, spa.id]) {
      const res = await b.post('/account/consents/revoke', {
        csrf_token: fields.csrf_token ?? '',
        client_id: clientId,
        org_id: 'org_demo_parts',
      });
      expect(res.statusCode).toBe(303);
    }
    expectJson(await userinfo(tokens.access_token), 401, {
      error: 'invalid_token',
      error_description: invalidToken,
    });
    expectJson(await redeem(app, { code: waiting }), 400, badCode);
  });

  it("changes nothing when the form names another person's consent", async () => {
    const { services } = ctx();
    const viewer = await spaTokens(viewerId);
    const b = await signedInBrowser(ctx());
    const fields = formOf(await b.get('/account'), '/logout');
    // The person is the session's: a field naming someone else is not read.
    const res = await b.post('/account/consents/revoke', {
      csrf_token: fields.csrf_token ?? '',
      client_id: spa.id,
      org_id: 'org_demo_parts',
      user_id: viewerId,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    expect(await services.consents.list(viewerId)).toEqual([
      {
        clientId: spa.id,
        orgId: 'org_demo_parts',
        scopes: ['openid'],
        grantedAt: expect.any(Number),
      },
    ]);
    expectJson(await userinfo(viewer.access_token), 200, { sub: viewerId });
    expect((await refreshWith(viewer.refresh_token ?? '')).statusCode).toBe(200);
  });
});
