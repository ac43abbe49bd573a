import { beforeAll, describe, expect, it } from 'vitest';
import { createClientService } from '../../src/clients/service.js';
import { createSecretHasher } from '../../src/lib/hash.js';
import { createDenyList, type DenyList } from '../../src/oauth/deny-list.js';
import { grantTypeRules } from '../../src/oauth/grants/index.js';
import {
  createRefreshTokenService,
  type FamilyStep,
  type RefreshTokenService,
} from '../../src/oauth/refresh-tokens.js';
import { createOrgService } from '../../src/orgs/service.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

const hasher = createSecretHasher('refresh-test-hash-key-0123456789abcdef');
const ttl = 3600;
const accessTtl = 600;
const refusedToken = {
  outcome: 'credential_invalid',
  message: 'the refresh token is invalid, expired or revoked',
};

describe.each(storeTargets)('refresh tokens ($name)', (target) => {
  const store = useServiceStore(target);
  let refresh: RefreshTokenService;
  let denyList: DenyList;
  let serial = 0;

  beforeAll(async () => {
    const { db, clock } = store();
    denyList = createDenyList({ db, clock });
    refresh = createRefreshTokenService({ db, clock, hasher, denyList, ttl });
    await createOrgService({ db, clock }).create({ id: 'org_a', name: 'A' });
  });

  /**
   * A token of a new family, or of `rotation.familyId` by spending `rotation.spends`, with
   * the jti of its own access token.
   */
  async function issue(
    input: {
      rotation?: { familyId: string; spends: string };
      clientId?: string;
      notAfter?: number | null;
    } = {},
  ) {
    const now = store().clock.now();
    const accessJti = `jti_${++serial}`;
    const { rotation, ...rest } = input;
    const step: FamilyStep = rotation ?? {};
    const issued = await refresh.issue({
      clientId: 'cli_app',
      orgId: 'org_a',
      subjectType: 'user',
      subjectId: 'usr_a',
      scopes: ['parts:read', 'parts:write'],
      accessJti,
      accessExpiresAt: now + accessTtl,
      ...rest,
      ...step,
    });
    return { ...issued, accessJti };
  }

  /** Spends `token` of `familyId` as `clientId` and stores its successor (a rotation). */
  const rotate = (
    token: string,
    familyId: string,
    clientId = 'cli_app',
    notAfter?: number | null,
  ) =>
    issue({
      rotation: { familyId, spends: token },
      clientId,
      ...(notAfter === undefined ? {} : { notAfter }),
    });

  it('starts a family and finds its grant until the token is spent', async () => {
    const now = store().clock.now();
    const { token, familyId } = await issue();
    expect(token).toMatch(/^ghr_[0-9A-Za-z_-]{20,}$/);
    expect(familyId).toMatch(/^rf_[0-9A-Za-z]{16}$/);
    expect(await refresh.find(token)).toEqual({
      familyId,
      clientId: 'cli_app',
      orgId: 'org_a',
      subjectType: 'user',
      subjectId: 'usr_a',
      scopes: ['parts:read', 'parts:write'],
      expiresAt: now + ttl,
      createdAt: now,
    });
    const next = await rotate(token, familyId);
    expect(next.familyId).toBe(familyId);
    expect(await refresh.find(token)).toBeUndefined();
    expect(await refresh.find(next.token)).toMatchObject({ familyId, expiresAt: now + ttl });
    expect(await refresh.familyOf(token, 'cli_app')).toBe(familyId);
    expect(await refresh.isFamilyRevoked(familyId)).toBe(false);
  });

  it('continues a family, and ends a token at notAfter when that comes first', async () => {
    const now = store().clock.now();
    const first = await issue();
    const next = await rotate(first.token, first.familyId, 'cli_app', now + 60);
    const unbounded = await rotate(next.token, first.familyId, 'cli_app', null);
    const late = await rotate(unbounded.token, first.familyId, 'cli_app', now + ttl + 60);
    expect(next.familyId).toBe(first.familyId);
    expect(await refresh.find(unbounded.token)).toBeUndefined();
    expect((await refresh.find(late.token))?.expiresAt).toBe(now + ttl);
    // By expiry: next (bounded by notAfter), then first, unbounded and late (the refresh TTL).
    const expiries = await store()
      .db.selectFrom('refresh_tokens')
      .select('expires_at')
      .where('family_id', '=', first.familyId)
      .orderBy('expires_at')
      .execute();
    expect(expiries.map((row) => row.expires_at)).toEqual([
      now + 60,
      now + ttl,
      now + ttl,
      now + ttl,
    ]);
  });

  it.each(aroundTheLimit)(
    'spends a token only before it expires: at %s',
    async (_, offset, live) => {
      const { clock } = store();
      const { token, familyId } = await issue();
      clock.advance(ttl + offset);
      expect((await refresh.find(token)) !== undefined).toBe(live);
      const spending = rotate(token, familyId);
      await (live
        ? expect(spending).resolves.toMatchObject({ familyId })
        : expect(spending).rejects.toMatchObject(refusedToken));
      // An expired token that was never spent is no replay: its family lives on.
      expect(await refresh.isFamilyRevoked(familyId)).toBe(false);
    },
  );

  it('lets exactly one of 25 concurrent rotations of a token win; the others are replays that end the family', async () => {
    const { db, clock } = store();
    const { token, familyId, accessJti } = await issue();
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => rotate(token, familyId)),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(24);
    for (const r of refused) expect(r.reason).toMatchObject(refusedToken);
    expect(await refresh.isFamilyRevoked(familyId)).toBe(true);
    expect(denyList.revokedAt(accessJti)).toBe(clock.now());
    // The spent token and the winner's successor: no refused rotation stored a token.
    const stored = await db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('family_id', '=', familyId)
      .execute();
    expect(stored).toHaveLength(2);
    // The winner's successor belongs to a revoked family: every later use fails.
    const successor = won[0]?.token ?? '';
    expect(await refresh.find(successor)).toBeUndefined();
    await expect(rotate(successor, familyId)).rejects.toMatchObject(refusedToken);
    await expect(rotate(token, familyId)).rejects.toMatchObject(refusedToken);
  });

  it('stores no successor for a token a rotation cannot spend, and keeps the token live', async () => {
    const { db } = store();
    const first = await issue();
    const other = await issue();
    await expect(rotate(first.token, first.familyId, 'cli_other')).rejects.toMatchObject(
      refusedToken,
    );
    // Named with another family than its own, a token is not spent either.
    await expect(rotate(first.token, other.familyId)).rejects.toMatchObject(refusedToken);
    await expect(rotate('ghr_unknown', first.familyId)).rejects.toMatchObject(refusedToken);
    await expect(rotate('not a refresh token', first.familyId)).rejects.toMatchObject(refusedToken);
    const stored = () =>
      db
        .selectFrom('refresh_tokens')
        .select('id')
        .where('family_id', '=', first.familyId)
        .execute();
    expect(await stored()).toHaveLength(1);
    expect(await refresh.isFamilyRevoked(first.familyId)).toBe(false);
    const next = await rotate(first.token, first.familyId);
    expect(await refresh.find(first.token)).toBeUndefined();
    expect(await refresh.find(next.token)).toMatchObject({ familyId: first.familyId });
    expect(await stored()).toHaveLength(2);
  });

  it('revokes the family of a spent token presented again, with its live access tokens', async () => {
    const { db, clock } = store();
    const first = await issue();
    clock.advance(1);
    const second = await rotate(first.token, first.familyId);
    clock.advance(accessTtl - 1);
    // first's access token has just expired; second's is live.
    await expect(rotate(first.token, first.familyId)).rejects.toMatchObject(refusedToken);
    expect(await refresh.isFamilyRevoked(first.familyId)).toBe(true);
    expect(await refresh.find(second.token)).toBeUndefined();
    await expect(rotate(second.token, first.familyId)).rejects.toMatchObject(refusedToken);
    expect(denyList.revokedAt(first.accessJti)).toBeUndefined();
    const listed = await db
      .selectFrom('revoked_tokens')
      .select('jti')
      .where('jti', 'in', [first.accessJti, second.accessJti])
      .execute();
    expect(listed).toEqual([{ jti: second.accessJti }]);
    expect(denyList.revokedAt(second.accessJti)).toBe(clock.now());
  });

  it('refuses the token of another client without spending it or ending its family', async () => {
    const { token, familyId } = await issue();
    await expect(rotate(token, familyId, 'cli_other')).rejects.toMatchObject(refusedToken);
    expect(await refresh.familyOf(token, 'cli_other')).toBeUndefined();
    await rotate(token, familyId);
    // A spent token shown by another client is no replay by its holder either.
    await expect(refresh.refuse(token, 'cli_other')).rejects.toMatchObject(refusedToken);
    expect(await refresh.isFamilyRevoked(familyId)).toBe(false);
    await expect(refresh.refuse(token, 'cli_app')).rejects.toMatchObject(refusedToken);
    expect(await refresh.isFamilyRevoked(familyId)).toBe(true);
  });

  it('refuses an unspent token through refuse without ending its family', async () => {
    const { token, familyId } = await issue();
    await expect(refresh.refuse(token, 'cli_app')).rejects.toMatchObject(refusedToken);
    expect(await refresh.isFamilyRevoked(familyId)).toBe(false);
    expect(await refresh.find(token)).toMatchObject({ familyId });
  });

  it.each([
    ['an unknown token', `ghr_${'x'.repeat(43)}`],
    ['a token without the prefix', 'rt_not-ours'],
    ['a token longer than 200 characters', `ghr_${'x'.repeat(197)}`],
    ['an empty token', ''],
  ])('knows nothing of %s', async (_, token) => {
    expect(await refresh.find(token)).toBeUndefined();
    expect(await refresh.familyOf(token, 'cli_app')).toBeUndefined();
    const { familyId } = await issue();
    await expect(rotate(token, familyId)).rejects.toMatchObject(refusedToken);
    await expect(refresh.refuse(token, 'cli_app')).rejects.toMatchObject(refusedToken);
    expect(await refresh.isFamilyRevoked(familyId)).toBe(false);
  });

  it('counts an unknown family as revoked, and revoking it changes nothing', async () => {
    expect(await refresh.isFamilyRevoked('rf_unknown')).toBe(true);
    await expect(refresh.revokeFamily('rf_unknown')).resolves.toBeUndefined();
    await expect(refresh.revokeFamiliesOf('client', 'cli_unknown')).resolves.toBeUndefined();
  });

  it('revokes one family and lists its live access tokens, leaving the others', async () => {
    const { clock } = store();
    const ended = await issue();
    const other = await issue();
    await refresh.revokeFamily(ended.familyId);
    expect(denyList.revokedAt(ended.accessJti)).toBe(clock.now());
    expect(await refresh.find(ended.token)).toBeUndefined();
    await expect(rotate(ended.token, ended.familyId)).rejects.toMatchObject(refusedToken);
    // Holding a token of an ended family still names it, for a sign-out.
    expect(await refresh.familyOf(ended.token, 'cli_app')).toBe(ended.familyId);
    expect(denyList.revokedAt(other.accessJti)).toBeUndefined();
    expect(await refresh.isFamilyRevoked(other.familyId)).toBe(false);
    await rotate(other.token, other.familyId);
  });

  it('revokes every family of a client, and only those', async () => {
    const a = await issue({ clientId: 'cli_gone' });
    const b = await issue({ clientId: 'cli_gone' });
    const kept = await issue({ clientId: 'cli_kept' });
    await refresh.revokeFamiliesOf('client', 'cli_gone');
    expect(await refresh.isFamilyRevoked(a.familyId)).toBe(true);
    expect(await refresh.isFamilyRevoked(b.familyId)).toBe(true);
    expect(await refresh.isFamilyRevoked(kept.familyId)).toBe(false);
    await expect(rotate(a.token, a.familyId, 'cli_gone')).rejects.toMatchObject(refusedToken);
    // The credential's own deny-list entry refuses its access tokens, not one entry each.
    expect(denyList.revokedAt(a.accessJti)).toBeUndefined();
  });

  it('revokes every family whose subject is an API key, and no user’s of the same id', async () => {
    const { db, clock } = store();
    const now = clock.now();
    const families = await Promise.all(
      (['api_key', 'api_key', 'user'] as const).map((subjectType) =>
        refresh.issue({
          clientId: 'cli_app',
          orgId: 'org_a',
          subjectType,
          subjectId: 'key_gone',
          scopes: [],
          accessJti: `jti_${++serial}`,
          accessExpiresAt: now + accessTtl,
        }),
      ),
    );
    await refresh.revokeFamiliesOf('api_key', 'key_gone');
    const revoked = await Promise.all(families.map((f) => refresh.isFamilyRevoked(f.familyId)));
    expect(revoked).toEqual([true, true, false]);
    const row = await db
      .selectFrom('refresh_families')
      .select('revoked_at')
      .where('id', '=', families[0]?.familyId ?? '')
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBe(now);
  });

  it('revokes the live families a client holds for a person in an org, with their access tokens', async () => {
    const { db, clock } = store();
    const now = clock.now();
    const family = (subjectId: string, clientId: string, orgId: string, subjectType = 'user') =>
      refresh.issue({
        clientId,
        orgId,
        subjectType: subjectType as 'user' | 'api_key',
        subjectId,
        scopes: [],
        accessJti: `jti_${++serial}`,
        accessExpiresAt: now + accessTtl,
      });
    await createOrgService({ db, clock }).create({ id: 'org_b', name: 'B' });
    const held = [await family('usr_w', 'cli_w', 'org_a'), await family('usr_w', 'cli_w', 'org_a')];
    const endedBefore = await family('usr_w', 'cli_w', 'org_a');
    await refresh.revokeFamily(endedBefore.familyId);
    const others = [
      await family('usr_other', 'cli_w', 'org_a'),
      await family('usr_w', 'cli_other', 'org_a'),
      await family('usr_w', 'cli_w', 'org_b'),
      await family('usr_w', 'cli_w', 'org_a', 'api_key'),
    ];
    // A later access token of the first family, and one that has expired by now.
    clock.advance(accessTtl);
    const rotated = await refresh.issue({
      familyId: held[0]?.familyId ?? '',
      spends: held[0]?.token ?? '',
      clientId: 'cli_w',
      orgId: 'org_a',
      subjectType: 'user',
      subjectId: 'usr_w',
      scopes: [],
      accessJti: 'jti_w_rotated',
      accessExpiresAt: clock.now() + accessTtl,
    });
    clock.advance(1);
    expect(
      await refresh.revokeFamiliesFor({ userId: 'usr_w', clientId: 'cli_w', orgId: 'org_a' }),
    ).toBe(2);
    const rows = await db
      .selectFrom('refresh_families')
      .select(['id', 'revoked_at'])
      .where(
        'id',
        'in',
        [...held, endedBefore, ...others].map((f) => f.familyId),
      )
      .execute();
    const revokedAt = new Map(rows.map((row) => [row.id, row.revoked_at]));
    expect([...held, endedBefore, ...others].map((f) => revokedAt.get(f.familyId))).toEqual([
      clock.now(),
      clock.now(),
      now,
      null,
      null,
      null,
      null,
    ]);
    const listed = await db
      .selectFrom('revoked_tokens')
      .select(['jti', 'expires_at', 'revoked_at'])
      .where('revoked_at', '>', now)
      .execute();
    expect(listed).toEqual([
      { jti: 'jti_w_rotated', expires_at: clock.now() - 1 + accessTtl, revoked_at: clock.now() },
    ]);
    expect(await refresh.find(rotated.token)).toBeUndefined();
    await expect(rotate(rotated.token, rotated.familyId, 'cli_w')).rejects.toMatchObject(
      refusedToken,
    );
    for (const other of others) expect(await refresh.find(other.token)).toBeDefined();
    expect(
      await refresh.revokeFamiliesFor({ userId: 'usr_w', clientId: 'cli_w', orgId: 'org_a' }),
    ).toBe(0);
  });

  it('refuses the tokens of a client revoked in the store', async () => {
    const { db, clock } = store();
    const clients = createClientService({ db, clock, hasher, grantTypes: grantTypeRules });
    const { client } = await clients.create({ orgId: 'org_a', name: 'Revoked app' });
    const { token, familyId } = await issue({ clientId: client.id });
    await clients.revoke('org_a', client.id);
    expect(await refresh.find(token)).toBeUndefined();
    await expect(rotate(token, familyId, client.id)).rejects.toMatchObject(refusedToken);
    // The family row itself was never revoked; its client was.
    expect(await refresh.isFamilyRevoked(familyId)).toBe(false);
  });
});
