import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/lib/clock.js';
import { createPruner, type Pruner } from '../../src/maintenance/prune.js';
import { contractPruneTasks } from '../../src/surfaces/index.js';
import type { Db } from '../../src/store/database.js';
import { insertPersonInOrg } from '../helpers/records.js';
import { useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

type Keyed = 'throttles' | 'revoked_tokens' | 'access_codes' | 'authorization_codes';
const keys = async (db: Db, table: Keyed) => {
  const column = {
    throttles: 'key',
    revoked_tokens: 'jti',
    access_codes: 'code_hash',
    authorization_codes: 'code_hash',
  } as const;
  const rows = await db.selectFrom(table).select(column[table]).execute();
  return rows.map((row) => Object.values(row)[0] as string).sort();
};

// maintenance/prune.ts: each row goes a minute after it can no longer matter.
describe.each(storeTargets)('pruning expired rows ($name)', (target) => {
  const clock = createFixedClock();
  const now = clock.now();
  let pruner: Pruner;

  const store = useStore(target, async (db) => {
    pruner = createPruner({ db, clock, tasks: contractPruneTasks });
    await insertPersonInOrg(db, { orgId: 'org_p', userId: 'usr_p' });
  });

  it('deletes exactly the expired rows of each table and keeps the live ones', async () => {
    const db = store();
    // Throttles: the 15-minute window (and any lock) over for more than a minute.
    const throttle = (key: string, windowAgo: number, lockedUntil: number | null) => ({
      key,
      failures: 3,
      window_start: now - windowAgo,
      locked_until: lockedUntil,
    });
    await db
      .insertInto('throttles')
      .values([
        throttle('account:in-window', 100, null),
        throttle('account:window-just-over', 959, null),
        throttle('account:window-over', 961, null),
        throttle('address:locked', 2000, now + 100),
        throttle('address:lock-just-over', 2000, now - 59),
        throttle('address:lock-over', 2000, now - 61),
      ])
      .execute();

    // Refresh families: gone when every token expired over a minute ago.
    const family = (id: string, createdAgo: number) => ({
      id,
      client_id: 'c',
      org_id: 'org_p',
      subject_type: 'user',
      subject_id: 'u',
      created_at: now - createdAgo,
      revoked_at: null,
    });
    await db
      .insertInto('refresh_families')
      .values([
        family('rf_live', 5000),
        family('rf_just_expired', 5000),
        family('rf_expired', 5000),
        family('rf_new_empty', 0),
        family('rf_old_empty', 5000),
      ])
      .execute();
    const token = (id: string, familyId: string, expiresIn: number) => ({
      id,
      family_id: familyId,
      token_hash: `h_${id}`,
      scope: '',
      access_jti: `at_${id}`,
      access_expires_at: now - 4000,
      created_at: now - 5000,
      expires_at: now + expiresIn,
      used_at: null,
    });
    await db
      .insertInto('refresh_tokens')
      .values([
        token('rt_live_old', 'rf_live', -3000),
        token('rt_live', 'rf_live', 100),
        token('rt_just_expired', 'rf_just_expired', -59),
        token('rt_expired_1', 'rf_expired', -3000),
        token('rt_expired_2', 'rf_expired', -61),
      ])
      .execute();

    // Deny-list entries: their tokens would have expired over a minute ago.
    await db
      .insertInto('revoked_tokens')
      .values([
        { jti: 'at_live', expires_at: now + 10, revoked_at: now - 500 },
        { jti: 'at_just_expired', expires_at: now - 59, revoked_at: now - 500 },
        { jti: 'at_expired', expires_at: now - 61, revoked_at: now - 500 },
      ])
      .execute();

    // Access codes: expired, or spent, over a minute ago.
    const code = (hash: string, expiresAt: number | null, usedAt: number | null) => ({
      code_hash: hash,
      client_id: 'c',
      org_id: 'org_p',
      created_at: now - 5000,
      expires_at: expiresAt,
      used_at: usedAt,
    });
    await db
      .insertInto('access_codes')
      .values([
        code('live', now + 100, null),
        code('never-expires', null, null),
        code('just-expired', now - 59, null),
        code('expired', now - 61, null),
        code('just-spent', null, now - 59),
        code('spent', now + 100, now - 61),
      ])
      .execute();

    // Authorization codes: expired unspent, or spent with nothing issued from them left alive
    // (the access token expired, the refresh family pruned), over a minute ago.
    const authorizationCode = (
      hash: string,
      expiresAt: number,
      usedAt: number | null,
      issued: { accessExpiresAt?: number; familyId?: string } = {},
    ) => ({
      code_hash: hash,
      client_id: 'c',
      redirect_uri: 'https://app.example/cb',
      user_id: 'usr_p',
      org_id: 'org_p',
      scope: '',
      code_challenge: null,
      nonce: null,
      auth_time: now - 5000,
      created_at: now - 5000,
      expires_at: expiresAt,
      used_at: usedAt,
      replayed_at: null,
      access_jti: issued.accessExpiresAt === undefined ? null : `at_${hash}`,
      access_expires_at: issued.accessExpiresAt ?? null,
      refresh_family_id: issued.familyId ?? null,
    });
    await db
      .insertInto('authorization_codes')
      .values([
        authorizationCode('live', now + 30, null),
        authorizationCode('just-expired', now - 59, null),
        authorizationCode('expired', now - 61, null),
        authorizationCode('just-spent', now + 30, now - 59),
        authorizationCode('spent', now - 4000, now - 4900),
        authorizationCode('access-live', now - 4000, now - 4900, { accessExpiresAt: now + 100 }),
        authorizationCode('access-just-over', now - 4000, now - 4900, {
          accessExpiresAt: now - 59,
        }),
        authorizationCode('family-live', now - 4000, now - 4900, {
          accessExpiresAt: now - 4000,
          familyId: 'rf_live',
        }),
        authorizationCode('family-gone', now - 4000, now - 4900, {
          accessExpiresAt: now - 4000,
          familyId: 'rf_expired',
        }),
      ])
      .execute();

    // Browser sessions: ended, idle for 30 minutes or signed in 12 hours ago, over a minute ago.
    const idle = 30 * 60;
    const absolute = 12 * 3600;
    const session = (id: string, signedInAgo: number, seenAgo: number, endedAgo?: number) => ({
      id_hash: id,
      user_id: 'usr_p',
      auth_time: now - signedInAgo,
      last_seen_at: now - seenAgo,
      ended_at: endedAgo === undefined ? null : now - endedAgo,
    });
    await db
      .insertInto('sessions')
      .values([
        session('live', 100, 10),
        session('just-ended', 100, 10, 59),
        session('ended', 100, 10, 61),
        session('just-idle', 5000, idle + 59),
        session('idle', 5000, idle + 61),
        session('just-too-old', absolute + 59, 10),
        session('too-old', absolute + 61, 10),
      ])
      .execute();

    // Idempotency-Key answers: kept 24 hours, then a minute more.
    const day = 86_400;
    const answer = (key: string, createdAgo: number) => ({
      client_id: 'c',
      key,
      fingerprint: 'f',
      created_at: now - createdAgo,
      status: 201,
      response: '{}',
    });
    await db
      .insertInto('idempotency_keys')
      .values([answer('live', 100), answer('just-over', day + 59), answer('over', day + 61)])
      .execute();

    expect(await pruner.run()).toEqual({
      throttles: 2,
      refreshFamilies: 2,
      revokedTokens: 1,
      accessCodes: 2,
      authorizationCodes: 3,
      sessions: 3,
      idempotencyKeys: 1,
    });

    expect(await keys(db, 'throttles')).toEqual([
      'account:in-window',
      'account:window-just-over',
      'address:lock-just-over',
      'address:locked',
    ]);
    const families = await db.selectFrom('refresh_families').select('id').orderBy('id').execute();
    expect(families.map((f) => f.id)).toEqual(['rf_just_expired', 'rf_live', 'rf_new_empty']);
    const tokens = await db.selectFrom('refresh_tokens').select('id').orderBy('id').execute();
    expect(tokens.map((t) => t.id)).toEqual(['rt_just_expired', 'rt_live', 'rt_live_old']);
    expect(await keys(db, 'revoked_tokens')).toEqual(['at_just_expired', 'at_live']);
    expect(await keys(db, 'access_codes')).toEqual([
      'just-expired',
      'just-spent',
      'live',
      'never-expires',
    ]);
    expect(await keys(db, 'authorization_codes')).toEqual([
      'access-just-over',
      'access-live',
      'family-live',
      'just-expired',
      'just-spent',
      'live',
    ]);
    const sessions = await db.selectFrom('sessions').select('id_hash').orderBy('id_hash').execute();
    expect(sessions.map((row) => row.id_hash)).toEqual([
      'just-ended',
      'just-idle',
      'just-too-old',
      'live',
    ]);

    // A second run finds nothing more; a minute later, what had just expired goes too.
    expect(await pruner.run()).toEqual({
      throttles: 0,
      refreshFamilies: 0,
      revokedTokens: 0,
      accessCodes: 0,
      authorizationCodes: 0,
      sessions: 0,
      idempotencyKeys: 0,
    });
    clock.advance(2);
    expect(await pruner.run()).toEqual({
      throttles: 2,
      refreshFamilies: 1,
      revokedTokens: 1,
      accessCodes: 2,
      authorizationCodes: 3,
      sessions: 3,
      idempotencyKeys: 1,
    });
    expect(await keys(db, 'authorization_codes')).toEqual(['access-live', 'family-live', 'live']);
  });
});
