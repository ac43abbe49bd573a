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
});
