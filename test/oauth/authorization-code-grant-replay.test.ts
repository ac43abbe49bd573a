import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { introspectRequest, postToken } from '../helpers/requests.js';
import { badRefreshToken, expectJson } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';
import {
  badCode,
  dev,
  issueCode,
  redeem,
  spa,
  useWebApp,
  type CodeTokens,
} from './code-grant-support.js';

// RFC 6749 §4.1.2 and §10.5: a code used twice revokes every token issued from it.
describe.each(storeTargets)('authorization_code grant: replays ($name)', (target) => {
  const ctx = useTestApp(target);
  // A confidential client of dev's org: it may introspect the SPA's tokens there.
  const resourceServer = useWebApp(ctx);

  const introspect = async (token: string) =>
    (await introspectRequest(ctx().app, token, resourceServer())).json();
  const refresh = (token: string) =>
    postToken(ctx().app, { grant_type: 'refresh_token', refresh_token: token, client_id: spa.id });

  /** Asserts that both tokens of `tokens` are live, as introspection tells it. */
  async function expectLive(tokens: CodeTokens) {
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      token_type: 'Bearer',
      client_id: spa.id,
      sub: dev.id,
    });
    expect(await introspect(tokens.refresh_token ?? '')).toMatchObject({
      active: true,
      token_type: 'refresh_token',
    });
  }

  /** Asserts that the tokens of `tokens` are refused: inactive, and the refresh spent nothing. */
  async function expectRevoked(tokens: CodeTokens) {
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect(await introspect(tokens.refresh_token ?? '')).toEqual({ active: false });
    expectJson(await refresh(tokens.refresh_token ?? ''), 400, badRefreshToken);
  }

  it('revokes the access token and the refresh token of the first redemption', async () => {
    const code = await issueCode(ctx());
    const first = await redeem(ctx().app, { code });
    expect(first.statusCode).toBe(200);
    const tokens = first.json<CodeTokens>();
    await expectLive(tokens);

    expectJson(await redeem(ctx().app, { code }), 400, badCode);
    await expectRevoked(tokens);
    // A bearer call with the access token is refused too, not only reported inactive.
    const res = await ctx().app.inject({
      method: 'GET',
      url: '/oauth/userinfo',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('revokes what the refresh token became since, too', async () => {
    const code = await issueCode(ctx());
    const first = (await redeem(ctx().app, { code })).json<CodeTokens>();
    const rotated = await refresh(first.refresh_token ?? '');
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json<CodeTokens>();
    await expectLive(second);

    expectJson(await redeem(ctx().app, { code }), 400, badCode);
    await expectRevoked(second);
  });

  it('lets exactly one of 50 concurrent redemptions win, then revokes what it won', async () => {
    const code = await issueCode(ctx());
    const results = await Promise.all(
      Array.from({ length: 50 }, () => redeem(ctx().app, { code })),
    );
    const won = results.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    const lost = results.filter((r) => r.statusCode !== 200);
    expect(lost).toHaveLength(49);
    for (const r of lost) expectJson(r, 400, badCode);
    // The 49 were replays of a spent code: the winner's tokens are revoked.
    await expectRevoked(won[0]?.json<CodeTokens>() ?? { access_token: '' });
  });
});
