import { describe, expect, it } from 'vitest';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';
import {
  authorizationCodeTtl,
  bound,
  challenge,
  hasher,
  issueCode,
  redirectUri,
  refusedCode,
  row,
  useAuthorizationCodes,
  type IssueChanges,
  verifier,
} from './authorization-code-support.js';

describe.each(storeTargets)('authorization codes ($name)', (target) => {
  const store = useServiceStore(target);
  const services = useAuthorizationCodes(store);
  const issue = (input: IssueChanges = {}) =>
    issueCode(services().codes, store().clock.now(), input);

  it('stores a code only as its keyed hash and redeems it once with the RFC 7636 verifier', async () => {
    const { db, clock } = store();
    const now = clock.now();
    const code = await issue();
    expect(code).toMatch(/^gha_[0-9A-Za-z]{43}$/);
    const stored = await row(db, code);
    expect(stored).toEqual({
      code_hash: hasher.hash(code),
      client_id: 'cli_app',
      redirect_uri: redirectUri,
      user_id: 'usr_a',
      org_id: 'org_a',
      scope: 'openid parts:read',
      code_challenge: challenge,
      nonce: 'n-0S6_WzA2Mj',
      auth_time: now - 30,
      created_at: now,
      expires_at: now + 60,
      used_at: null,
      replayed_at: null,
      access_jti: null,
      access_expires_at: null,
      refresh_family_id: null,
    });
    expect(JSON.stringify(stored)).not.toContain(code.slice(4));
    expect(await services().codes.redeem(code, bound)).toEqual({
      clientId: 'cli_app',
      redirectUri,
      userId: 'usr_a',
      orgId: 'org_a',
      scopes: ['openid', 'parts:read'],
      nonce: 'n-0S6_WzA2Mj',
      authTime: now - 30,
      pkce: true,
    });
    expect((await row(db, code)).used_at).toBe(now);
    await expect(services().codes.redeem(code, bound)).rejects.toMatchObject(refusedCode);
  });

  it('redeems a code issued without a challenge, and without a verifier', async () => {
    const code = await issue({
      codeChallenge: undefined,
      codeChallengeMethod: undefined,
      nonce: undefined,
    });
    expect(await services().codes.redeem(code, { clientId: 'cli_app', redirectUri })).toMatchObject(
      {
        nonce: null,
        pkce: false,
      },
    );
  });

  it.each(aroundTheLimit)(
    'redeems a code only before it expires: at %s',
    async (_, offset, live) => {
      const { db, clock } = store();
      const code = await issue();
      clock.advance(authorizationCodeTtl + offset);
      const redeeming = services().codes.redeem(code, bound);
      await (live
        ? expect(redeeming).resolves.toMatchObject({ clientId: 'cli_app' })
        : expect(redeeming).rejects.toMatchObject(refusedCode));
      // An expired code that was never spent is no replay.
      expect(await row(db, code)).toMatchObject({
        used_at: live ? clock.now() : null,
        replayed_at: null,
      });
    },
  );

  it('lets exactly one of 50 concurrent redemptions win; the others are replays', async () => {
    const { db, clock } = store();
    const code = await issue();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => services().codes.redeem(code, bound)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]?.value).toMatchObject({ clientId: 'cli_app', userId: 'usr_a' });
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r.reason).toMatchObject(refusedCode);
    const spent = await db
      .selectFrom('authorization_codes')
      .select(['used_at', 'replayed_at'])
      .where('code_hash', '=', hasher.hash(code))
      .execute();
    expect(spent).toEqual([{ used_at: clock.now(), replayed_at: clock.now() }]);
    // The replays came before the winner recorded its token: recording it revokes it at once.
    await services().codes.recordIssued(code, {
      accessJti: 'jti_raced',
      accessExpiresAt: clock.now() + 600,
    });
    expect(services().denyList.revokedAt('jti_raced')).toBe(clock.now());
  });

  const otherVerifier = 'a'.repeat(43);
  it.each([
    ['another client', { ...bound, clientId: 'cli_other' }, true],
    ['another redirect URI', { ...bound, redirectUri: `${redirectUri}/` }, true],
    ['no redirect URI', { ...bound, redirectUri: '' }, true],
    ['no verifier for its challenge', { clientId: 'cli_app', redirectUri }, true],
    ['a wrong verifier', { ...bound, codeVerifier: otherVerifier }, true],
    ['the challenge as the verifier (plain)', { ...bound, codeVerifier: challenge }, true],
    ['a verifier for a code without a challenge', { ...bound }, false],
  ])('refuses a code presented with %s, without spending it', async (_, request, withChallenge) => {
    const { db } = store();
    const code = await issue(
      withChallenge ? {} : { codeChallenge: undefined, codeChallengeMethod: undefined },
    );
    await expect(services().codes.redeem(code, request)).rejects.toMatchObject(refusedCode);
    expect((await row(db, code)).used_at).toBeNull();
    const rightful = withChallenge ? bound : { clientId: 'cli_app', redirectUri };
    await expect(services().codes.redeem(code, rightful)).resolves.toMatchObject({
      pkce: withChallenge,
    });
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a character outside the unreserved set', `${'a'.repeat(42)}+`],
    ['padding', `${verifier}=`],
  ])(
    'refuses a verifier of %s as malformed before looking the code up',
    async (_, codeVerifier) => {
      const { db } = store();
      const code = await issue();
      await expect(services().codes.redeem(code, { ...bound, codeVerifier })).rejects.toMatchObject(
        {
          outcome: 'invalid_input',
          message: 'code_verifier must be 43 to 128 unreserved characters',
        },
      );
      expect((await row(db, code)).used_at).toBeNull();
    },
  );

  const methodS256 = 'code_challenge_method must be S256';
  const challengeShape = 'code_challenge must be 43 base64url characters (an S256 digest)';
  it.each([
    ['the plain method', { codeChallenge: challenge, codeChallengeMethod: 'plain' }, methodS256],
    ['a challenge without a method (plain)', { codeChallengeMethod: undefined }, methodS256],
    ['an unknown method', { codeChallengeMethod: 's256' }, methodS256],
    [
      'a method without a challenge',
      { codeChallenge: undefined },
      'code_challenge_method without code_challenge',
    ],
    ['a challenge of 42 characters', { codeChallenge: challenge.slice(1) }, challengeShape],
    ['a challenge of 44 characters', { codeChallenge: `${challenge}A` }, challengeShape],
    ['a challenge of 128 characters', { codeChallenge: 'A'.repeat(128) }, challengeShape],
    ['a padded challenge', { codeChallenge: `${challenge}=` }, challengeShape],
    ['a base64 (not url) challenge', { codeChallenge: `${challenge.slice(1)}+` }, challengeShape],
  ])('refuses to issue a code with %s, storing nothing', async (_, input, message) => {
    const { db } = store();
    const count = () =>
      db
        .selectFrom('authorization_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
    const before = await count();
    await expect(issue(input)).rejects.toMatchObject({ outcome: 'invalid_input', message });
    expect(await count()).toEqual(before);
  });

  it.each([
    ['an unknown code', `gha_${'x'.repeat(43)}`],
    ['a code without the prefix', `ac_${'x'.repeat(43)}`],
    ['a code one character short', `gha_${'x'.repeat(42)}`],
    ['an empty code', ''],
  ])('refuses %s', async (_, code) => {
    await expect(services().codes.redeem(code, bound)).rejects.toMatchObject(refusedCode);
  });
});
