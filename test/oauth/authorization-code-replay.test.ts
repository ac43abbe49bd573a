import { describe, expect, it } from 'vitest';
import { createPruner } from '../../src/maintenance/prune.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';
import {
  bound,
  issueCode,
  refreshTtl,
  refusedCode,
  row,
  useAuthorizationCodes,
  verifier,
} from './authorization-code-support.js';

const accessTtl = 600;
let serial = 0;

// What a redemption issued is recorded on the code, so that a replay revokes it
// (RFC 6749 §4.1.2), and kept until none of it can live (maintenance/prune.ts).
describe.each(storeTargets)('authorization code replay ($name)', (target) => {
  const store = useServiceStore(target);
  const services = useAuthorizationCodes(store);

  /** A code redeemed by its client, with the access token and refresh family it issued. */
  async function redeemed() {
    const { codes, refreshTokens } = services();
    const now = store().clock.now();
    const code = await issueCode(codes, now);
    const grant = await codes.redeem(code, bound);
    const accessJti = `jti_${++serial}`;
    const refresh = await refreshTokens.issue({
      clientId: grant.clientId,
      orgId: grant.orgId,
      subjectType: 'user',
      subjectId: grant.userId,
      scopes: grant.scopes,
      accessJti,
      accessExpiresAt: now + accessTtl,
    });
    await codes.recordIssued(code, {
      accessJti,
      accessExpiresAt: now + accessTtl,
      refreshFamilyId: refresh.familyId,
    });
    return { code, accessJti, ...refresh };
  }

  it('revokes the access token and the refresh family issued from a code presented again', async () => {
    const { db, clock } = store();
    const { denyList, refreshTokens, codes } = services();
    const { code, accessJti, token, familyId } = await redeemed();
    expect(await row(db, code)).toMatchObject({
      access_jti: accessJti,
      access_expires_at: clock.now() + accessTtl,
      refresh_family_id: familyId,
      replayed_at: null,
    });
    clock.advance(1);
    expect(denyList.revokedAt(accessJti)).toBeUndefined();
    await expect(codes.redeem(code, bound)).rejects.toMatchObject(refusedCode);
    expect(denyList.revokedAt(accessJti)).toBe(clock.now());
    expect(await refreshTokens.find(token)).toBeUndefined();
    expect(await refreshTokens.isFamilyRevoked(familyId)).toBe(true);
    expect((await row(db, code)).replayed_at).toBe(clock.now());
  });

  it('revokes them on a replay after the code has expired too', async () => {
    const { clock } = store();
    const { denyList, refreshTokens, codes } = services();
    const { code, accessJti, familyId } = await redeemed();
    clock.advance(120);
    await expect(codes.redeem(code, bound)).rejects.toMatchObject(refusedCode);
    expect(denyList.revokedAt(accessJti)).toBe(clock.now());
    expect(await refreshTokens.isFamilyRevoked(familyId)).toBe(true);
  });

  it.each([
    ['another client', { ...bound, clientId: 'cli_other' }],
    ['another redirect URI', { ...bound, redirectUri: 'https://evil.example/callback' }],
    ['no verifier', { clientId: bound.clientId, redirectUri: bound.redirectUri }],
    ['a wrong verifier', { ...bound, codeVerifier: `${verifier.slice(1)}x` }],
  ])('refuses a spent code presented with %s, revoking nothing', async (_, request) => {
    const { db } = store();
    const { denyList, refreshTokens, codes } = services();
    const { code, accessJti, token, familyId } = await redeemed();
    await expect(codes.redeem(code, request)).rejects.toMatchObject(refusedCode);
    expect(denyList.revokedAt(accessJti)).toBeUndefined();
    expect(await refreshTokens.isFamilyRevoked(familyId)).toBe(false);
    expect(await refreshTokens.find(token)).toMatchObject({ familyId });
    expect((await row(db, code)).replayed_at).toBeNull();
  });

  it.each(aroundTheLimit)(
    'deny-lists an access token recorded without a family only while it lives: at %s',
    async (_, offset, live) => {
      const { db, clock } = store();
      const { denyList, codes } = services();
      const code = await issueCode(codes, clock.now());
      await codes.redeem(code, bound);
      const accessJti = `jti_${++serial}`;
      await codes.recordIssued(code, { accessJti, accessExpiresAt: clock.now() + 5 });
      expect((await row(db, code)).refresh_family_id).toBeNull();
      clock.advance(5 + offset);
      await expect(codes.redeem(code, bound)).rejects.toMatchObject(refusedCode);
      expect(denyList.revokedAt(accessJti)).toBe(live ? clock.now() : undefined);
      const listed = await db
        .selectFrom('revoked_tokens')
        .select('jti')
        .where('jti', '=', accessJti)
        .execute();
      expect(listed).toEqual(live ? [{ jti: accessJti }] : []);
    },
  );

  const notRecorded = {
    outcome: 'internal',
    message: 'issued tokens are recorded once, for a redeemed code',
  };
  it('records issued tokens once, and only for a redeemed code', async () => {
    const { clock } = store();
    const { codes } = services();
    const issued = { accessJti: 'jti_never', accessExpiresAt: clock.now() + accessTtl };
    const unredeemed = await issueCode(codes, clock.now());
    await expect(codes.recordIssued(unredeemed, issued)).rejects.toMatchObject(notRecorded);
    await expect(codes.recordIssued(`gha_${'x'.repeat(43)}`, issued)).rejects.toMatchObject(
      notRecorded,
    );
    const { code } = await redeemed();
    await expect(codes.recordIssued(code, issued)).rejects.toMatchObject(notRecorded);
  });
});

describe.each(storeTargets)('pruning authorization codes ($name)', (target) => {
  const store = useServiceStore(target);
  const services = useAuthorizationCodes(store);
  const nothingElse = {
    throttles: 0,
    refreshFamilies: 0,
    revokedTokens: 0,
    accessCodes: 0,
    sessions: 0,
  };

  it('keeps a spent code until nothing issued from it can live, then a minute more', async () => {
    const { db, clock } = store();
    const { codes, refreshTokens } = services();
    const pruner = createPruner({ db, clock });
    const start = clock.now();
    const unspent = await issueCode(codes, start);
    const nothingIssued = await issueCode(codes, start);
    await codes.redeem(nothingIssued, bound);
    const accessOnly = await issueCode(codes, start);
    await codes.redeem(accessOnly, bound);
    await codes.recordIssued(accessOnly, {
      accessJti: 'jti_p1',
      accessExpiresAt: start + accessTtl,
    });
    const withFamily = await issueCode(codes, start);
    await codes.redeem(withFamily, bound);
    const { familyId } = await refreshTokens.issue({
      clientId: 'cli_app',
      orgId: 'org_a',
      subjectType: 'user',
      subjectId: 'usr_a',
      scopes: [],
      accessJti: 'jti_p2',
      accessExpiresAt: start + accessTtl,
    });
    await codes.recordIssued(withFamily, {
      accessJti: 'jti_p2',
      accessExpiresAt: start + accessTtl,
      refreshFamilyId: familyId,
    });
    const left = async () =>
      (await db.selectFrom('authorization_codes').select('code_hash').execute()).length;

    // Each step: seconds from the start, codes pruned then, codes left.
    const steps: [number, number, number][] = [
      [59, 0, 4],
      [60, 1, 3], // nothingIssued: spent a minute ago
      [120, 1, 2], // unspent: expired a minute ago
      [accessTtl + 59, 0, 2],
      [accessTtl + 60, 1, 1], // accessOnly: its token expired a minute ago
      [refreshTtl + 59, 0, 1],
      [refreshTtl + 60, 1, 0], // withFamily: its family pruned in the same run
    ];
    for (const [at, pruned, remaining] of steps) {
      clock.advance(start + at - clock.now());
      expect(await pruner.run()).toEqual({
        ...nothingElse,
        refreshFamilies: at === refreshTtl + 60 ? 1 : 0,
        authorizationCodes: pruned,
      });
      expect(await left()).toBe(remaining);
    }
    expect(await row(db, unspent).catch(() => 'gone')).toBe('gone');
  });
});
