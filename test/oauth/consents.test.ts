import { beforeAll, describe, expect, it } from 'vitest';
import { createConsentService, type ConsentService } from '../../src/oauth/consents.js';
import { createOrgService } from '../../src/orgs/service.js';
import { createUserService } from '../../src/users/service.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';

describe.each(storeTargets)('remembered consents ($name)', (target) => {
  const store = useServiceStore(target);
  let consents: ConsentService;
  let userId: string;

  beforeAll(async () => {
    const { db, clock } = store();
    consents = createConsentService({ db, clock });
    const orgs = createOrgService({ db, clock });
    await orgs.create({ id: 'org_c1', name: 'One' });
    await orgs.create({ id: 'org_c2', name: 'Two' });
    const users = createUserService({ db, clock });
    userId = (await users.create({ email: 'consent@example.com', password: 'consent-pass' })).id;
  });

  it('covers the scopes allowed, and fewer, for that client and org only', async () => {
    expect(await consents.covers(userId, 'app', 'org_c1', [])).toBe(false);
    await consents.grant(userId, 'app', 'org_c1', ['openid', 'profile', 'openid']);
    expect(await consents.covers(userId, 'app', 'org_c1', ['openid', 'profile'])).toBe(true);
    expect(await consents.covers(userId, 'app', 'org_c1', ['profile'])).toBe(true);
    expect(await consents.covers(userId, 'app', 'org_c1', [])).toBe(true);
    expect(await consents.covers(userId, 'app', 'org_c1', ['openid', 'email'])).toBe(false);
    expect(await consents.covers(userId, 'app', 'org_c2', ['openid'])).toBe(false);
    expect(await consents.covers(userId, 'other', 'org_c1', ['openid'])).toBe(false);
  });

  it('replaces what was allowed when allowed again, and lists it', async () => {
    const { clock } = store();
    clock.advance(10);
    await consents.grant(userId, 'app', 'org_c1', ['email']);
    expect(await consents.covers(userId, 'app', 'org_c1', ['openid'])).toBe(false);
    expect(await consents.covers(userId, 'app', 'org_c1', ['email'])).toBe(true);
    clock.advance(10);
    await consents.grant(userId, 'app', 'org_c2', []);
    expect(await consents.list(userId)).toEqual([
      { clientId: 'app', orgId: 'org_c2', scopes: [], grantedAt: clock.now() },
      { clientId: 'app', orgId: 'org_c1', scopes: ['email'], grantedAt: clock.now() - 10 },
    ]);
  });

  it('forgets a revoked consent, once', async () => {
    expect(await consents.revoke(userId, 'app', 'org_c2')).toBe(true);
    expect(await consents.revoke(userId, 'app', 'org_c2')).toBe(false);
    expect(await consents.covers(userId, 'app', 'org_c2', [])).toBe(false);
    expect((await consents.list(userId)).map((c) => c.orgId)).toEqual(['org_c1']);
  });

  /** The consent rows of the person, client and org, as the store holds them. */
  const rowsOf = (clientId: string) =>
    store()
      .db.selectFrom('consents')
      .select('scope')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .where('org_id', '=', 'org_c1')
      .execute();

  it('keeps exactly one row, one of the scope sets granted, of 20 concurrent grants', async () => {
    const sets = Array.from({ length: 20 }, (_, i) => [`scope:${i}`, 'openid']);
    const results = await Promise.allSettled(
      sets.map((scopes) => consents.grant(userId, 'racing', 'org_c1', scopes)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await rowsOf('racing');
    expect(rows).toHaveLength(1);
    expect(sets.map((scopes) => scopes.join(' '))).toContain(rows[0]?.scope);
    const kept = (await consents.list(userId)).filter((c) => c.clientId === 'racing');
    expect(kept).toHaveLength(1);
    expect(sets).toContainEqual(kept[0]?.scopes);
  });

  it.each([
    ['grant first', true],
    ['revoke first', false],
  ])(
    'lets a grant and a revoke race without error, ending in a row or none (%s)',
    async (_, grantFirst) => {
      const clientId = `race_${String(grantFirst)}`;
      await consents.grant(userId, clientId, 'org_c1', ['openid']);
      const grant = () => consents.grant(userId, clientId, 'org_c1', ['email']);
      const revoke = () => consents.revoke(userId, clientId, 'org_c1');
      const results = await Promise.allSettled(
        grantFirst
          ? [grant(), revoke(), grant(), revoke()]
          : [revoke(), grant(), revoke(), grant()],
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const rows = await rowsOf(clientId);
      // Either the last grant or the last revoke won; the store and the service agree on which.
      expect([[], [{ scope: 'email' }]]).toContainEqual(rows);
      expect(await consents.covers(userId, clientId, 'org_c1', ['email'])).toBe(rows.length === 1);
      expect(await consents.covers(userId, clientId, 'org_c1', ['openid'])).toBe(false);
    },
  );
});
