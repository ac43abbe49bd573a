import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { postToken } from '../helpers/requests.js';
import { expectJson, expectTokens, oauthError } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';
import {
  badCode,
  dev,
  expectCodeTokens,
  issueCode,
  nonce,
  redeem,
  spa,
  useWebApp,
  verifier,
  withdrawn,
  type CodeTokens,
} from './code-grant-support.js';

const refreshToken = expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/);
const jwt = expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/);

// RFC 6749 §4.1.3-§4.1.4 with PKCE (RFC 7636 §4.5-§4.6) and OpenID Connect Core §3.1.3.
describe.each(storeTargets)('authorization_code grant ($name)', (target) => {
  const ctx = useTestApp(target);
  const webApp = useWebApp(ctx);

  /** A code of the web app (no challenge: it is registered without PKCE). */
  const webAppCode = (changes: Parameters<typeof issueCode>[1] = {}) =>
    issueCode(ctx(), {
      clientId: webApp().id,
      redirectUri: webApp().redirectUri,
      codeChallenge: undefined,
      codeChallengeMethod: undefined,
      ...changes,
    });
  /** The web app's redemption, authenticated with HTTP Basic and without a verifier. */
  const webAppRedeem = (fields: Record<string, string | undefined>) =>
    redeem(
      ctx().app,
      { redirect_uri: webApp().redirectUri, code_verifier: undefined, ...fields },
      webApp(),
    );

  it('issues a public client with PKCE an access token, a refresh token and an ID token', async () => {
    const code = await issueCode(ctx());
    const res = await redeem(ctx().app, { code });
    const tokens = expectTokens(res, {
      scope: 'openid profile email',
      refresh_token: refreshToken,
      id_token: jwt,
    });
    expect(res.headers.pragma).toBe('no-cache');
    await expectCodeTokens(ctx(), tokens, {
      clientId: spa.id,
      alg: 'ES256',
      scope: 'openid profile email',
      tokenNonce: nonce,
    });
  });

  it('issues a confidential client registered without PKCE its tokens for a code without a challenge', async () => {
    const code = await webAppCode({ nonce: undefined, scopes: ['openid', 'email'] });
    const res = await webAppRedeem({ code });
    const tokens = expectTokens(res, {
      scope: 'openid email',
      refresh_token: refreshToken,
      id_token: jwt,
    });
    await expectCodeTokens(ctx(), tokens, {
      clientId: webApp().id,
      alg: 'ES256',
      scope: 'openid email',
      tokenNonce: null,
    });
  });

  it('issues no ID token without the openid scope', async () => {
    const code = await issueCode(ctx(), { scopes: ['profile'] });
    const res = await redeem(ctx().app, { code });
    expectTokens(res, { scope: 'profile', refresh_token: refreshToken });
  });

  it('issues no refresh token to a client without the refresh grant', async () => {
    const { client } = await ctx().services.clients.create({
      orgId: dev.orgId,
      name: 'no refresh',
      type: 'public',
      grantTypes: ['authorization_code'],
      scopes: ['openid'],
      redirectUris: [spa.redirectUri],
    });
    const code = await issueCode(ctx(), { clientId: client.id, scopes: ['openid'] });
    const res = await redeem(ctx().app, { code, client_id: client.id });
    expectTokens(res, { scope: 'openid', id_token: jwt });
  });

  // OpenID Connect Core §12.2: a refresh may omit the ID token; Gatehouse always does.
  it('refreshes the pair for the public client with client_id alone, without an ID token', async () => {
    const first = (await redeem(ctx().app, { code: await issueCode(ctx()) })).json<CodeTokens>();
    const res = await postToken(ctx().app, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: spa.id,
    });
    expectTokens(res, { scope: 'openid profile email', refresh_token: refreshToken });
  });

  it('refuses a code presented twice', async () => {
    const code = await issueCode(ctx());
    expect((await redeem(ctx().app, { code })).statusCode).toBe(200);
    expectJson(await redeem(ctx().app, { code }), 400, badCode);
  });

  it.each([
    ['a wrong verifier', { code_verifier: 'a'.repeat(43) }],
    [
      'the challenge as the verifier',
      { code_verifier: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' },
    ],
    ['no verifier', { code_verifier: undefined }],
    ['another redirect URI', { redirect_uri: 'http://127.0.0.1:5173/callback/' }],
  ])('refuses the code with %s, and redeems it afterwards as sent', async (_, wrong) => {
    const code = await issueCode(ctx());
    expectJson(await redeem(ctx().app, { code, ...wrong }), 400, badCode);
    expect((await redeem(ctx().app, { code })).statusCode).toBe(200);
  });

  it("refuses another client's code, which its own client redeems afterwards", async () => {
    const code = await webAppCode();
    const { client } = await ctx().services.clients.create({
      orgId: dev.orgId,
      name: 'other app',
      type: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: [webApp().redirectUri],
    });
    const stolen = await redeem(ctx().app, {
      code,
      client_id: client.id,
      redirect_uri: webApp().redirectUri,
    });
    expectJson(stolen, 400, badCode);
    expect((await webAppRedeem({ code })).statusCode).toBe(200);
  });

  // RFC 9700 §4.8.2: a verifier with a code that had no challenge is an injected code.
  it('refuses a verifier for a code without a challenge', async () => {
    const code = await webAppCode();
    expectJson(await webAppRedeem({ code, code_verifier: verifier }), 400, badCode);
    expect((await webAppRedeem({ code })).statusCode).toBe(200);
  });

  // RFC 9700 §2.1.1: a client registered with PKCE redeems no code without a verifier.
  it('refuses a public client a code issued without a challenge', async () => {
    const code = await issueCode(ctx(), {
      codeChallenge: undefined,
      codeChallengeMethod: undefined,
    });
    expectJson(await redeem(ctx().app, { code, code_verifier: undefined }), 400, badCode);
    expectJson(await redeem(ctx().app, { code }), 400, badCode);
  });

  it('refuses a malformed verifier as a malformed request', async () => {
    const code = await issueCode(ctx());
    const res = await redeem(ctx().app, { code, code_verifier: `${verifier}=` });
    expectJson(
      res,
      400,
      oauthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters'),
    );
    expect((await redeem(ctx().app, { code })).statusCode).toBe(200);
  });

  it.each(aroundTheLimit)(
    'redeems a code only within its 60 seconds: at %s',
    async (_, offset, live) => {
      const code = await issueCode(ctx());
      ctx().clock.advance(60 + offset);
      const res = await redeem(ctx().app, { code });
      if (live) expect(res.statusCode).toBe(200);
      else expectJson(res, 400, badCode);
    },
  );

  it.each([
    ['an unknown code', `gha_${'x'.repeat(43)}`],
    ['a refresh token', 'ghr_not_a_code'],
  ])('refuses %s', async (_, code) => {
    expectJson(await redeem(ctx().app, { code }), 400, badCode);
  });

  it('requires code and redirect_uri', async () => {
    const res = await redeem(ctx().app, { code: undefined, redirect_uri: undefined });
    expectJson(res, 400, oauthError('invalid_request', 'missing parameter: code, redirect_uri'));
  });

  it('is refused to a client not registered with it', async () => {
    const { client, secret } = await ctx().services.clients.create({
      orgId: dev.orgId,
      name: 'machine',
      grantTypes: ['client_credentials'],
    });
    const code = await issueCode(ctx(), { clientId: client.id });
    const res = await redeem(ctx().app, { code }, { id: client.id, secret: secret ?? '' });
    expectJson(
      res,
      400,
      oauthError('unauthorized_client', 'this client may not use the authorization_code grant'),
    );
  });

  /** A new member of dev's org, and a code for them issued while they are a `member`. */
  async function memberWithCode(name: string) {
    const { services } = ctx();
    const user = await services.users.create({
      email: `${name}@parts.example`,
      password: `${name}-password`,
    });
    await services.users.addToOrg(user.id, dev.orgId, 'member');
    return { user, code: await issueCode(ctx(), { userId: user.id }) };
  }

  it('refuses a code of a person who has left its org since, and spends it', async () => {
    const { user, code } = await memberWithCode('leaver');
    await ctx().services.db.deleteFrom('memberships').where('user_id', '=', user.id).execute();
    expectJson(await redeem(ctx().app, { code }), 400, withdrawn);
    expectJson(await redeem(ctx().app, { code }), 400, badCode);
  });

  it("refuses an org's own client a code for another org", async () => {
    const code = await webAppCode({ orgId: 'org_second_parts' });
    expectJson(await webAppRedeem({ code }), 400, withdrawn);
  });

  it('acts with the role the person holds at redemption', async () => {
    const { services } = ctx();
    const { user, code } = await memberWithCode('riser');
    await services.db
      .updateTable('memberships')
      .set({ role: 'admin' })
      .where('user_id', '=', user.id)
      .execute();
    const tokens = (await redeem(ctx().app, { code })).json<CodeTokens>();
    const claims = await services.accessTokens.verify(
      tokens.access_token,
      services.config.audience,
    );
    expect(claims).toMatchObject({ sub: user.id, role: 'admin', orgId: dev.orgId });
  });
});
