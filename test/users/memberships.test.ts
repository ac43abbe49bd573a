import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/lib/clock.js';
import { createOrgService, type OrgService } from '../../src/orgs/service.js';
import { createUserService, type UserService } from '../../src/users/service.js';
import { useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

describe.each(storeTargets)('user service: memberships ($name)', (target) => {
  // The clock stands still: joining order must not depend on timestamps.
  const clock = createFixedClock();
  let users: UserService;
  let orgs: OrgService;

  useStore(target, async (db) => {
    users = createUserService({ db, clock });
    orgs = createOrgService({ db, clock });
    // Ids in the reverse of joining order, so that no sort by id can pass for joining order.
    for (const id of ['org_z', 'org_y', 'org_x']) await orgs.create({ id, name: id });
  });

  async function newUser(email: string) {
    return users.create({ email, password: 'member-password' });
  }

  it('lists memberships in the order they were made, within one second', async () => {
    const user = await newUser('order@example.com');
    await users.addToOrg(user.id, 'org_y', 'member');
    await users.addToOrg(user.id, 'org_x', 'owner');
    await users.addToOrg(user.id, 'org_z', 'developer');
    expect(await users.memberships(user.id)).toEqual([
      { orgId: 'org_y', userId: user.id, role: 'member' },
      { orgId: 'org_x', userId: user.id, role: 'owner' },
      { orgId: 'org_z', userId: user.id, role: 'developer' },
    ]);
  });

  it("changes the role of an existing membership in place, keeping the user's home org", async () => {
    const user = await newUser('promote@example.com');
    await users.addToOrg(user.id, 'org_x', 'member');
    await users.addToOrg(user.id, 'org_z', 'member');
    expect(await users.addToOrg(user.id, 'org_x', 'admin')).toEqual({
      orgId: 'org_x',
      userId: user.id,
      role: 'admin',
    });
    expect(await users.memberships(user.id)).toEqual([
      { orgId: 'org_x', userId: user.id, role: 'admin' },
      { orgId: 'org_z', userId: user.id, role: 'member' },
    ]);
  });

  it('counts joining order per user, not across users', async () => {
    const first = await newUser('first@example.com');
    const second = await newUser('second@example.com');
    await users.addToOrg(first.id, 'org_x', 'member');
    await users.addToOrg(first.id, 'org_y', 'member');
    await users.addToOrg(second.id, 'org_y', 'manager');
    await users.addToOrg(second.id, 'org_x', 'manager');
    expect((await users.memberships(second.id)).map((m) => m.orgId)).toEqual(['org_y', 'org_x']);
  });

  it('gives the role in an org, or undefined where the user is not a member', async () => {
    const user = await newUser('roles@example.com');
    await users.addToOrg(user.id, 'org_z', 'manager');
    expect(await users.roleIn(user.id, 'org_z')).toBe('manager');
    expect(await users.roleIn(user.id, 'org_y')).toBeUndefined();
    expect(await users.roleIn('usr_nobody', 'org_z')).toBeUndefined();
    expect(await users.roleIn(user.id, 'org_nowhere')).toBeUndefined();
  });

  it('has no memberships for a new user', async () => {
    const user = await newUser('lonely@example.com');
    expect(await users.memberships(user.id)).toEqual([]);
  });

  it('refuses a membership of an org or a user that does not exist', async () => {
    const user = await newUser('missing@example.com');
    await expect(users.addToOrg(user.id, 'org_nowhere', 'member')).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no such org',
    });
    await expect(users.addToOrg('usr_nobody', 'org_x', 'member')).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no such user',
    });
    expect(await users.memberships(user.id)).toEqual([]);
  });
});
