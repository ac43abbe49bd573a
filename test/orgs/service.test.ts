import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/lib/clock.js';
import { roleAtLeast, roles } from '../../src/orgs/roles.js';
import { createOrgService, type OrgService } from '../../src/orgs/service.js';
import { useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

describe('roles', () => {
  it('ranks owner > admin > developer > manager > member', () => {
    expect(roles).toEqual(['owner', 'admin', 'developer', 'manager', 'member']);
    expect(roleAtLeast('admin', 'developer')).toBe(true);
    expect(roleAtLeast('developer', 'developer')).toBe(true);
    expect(roleAtLeast('manager', 'developer')).toBe(false);
    expect(roleAtLeast('member', 'manager')).toBe(false);
    expect(roleAtLeast('owner', 'member')).toBe(true);
  });
});

describe.each(storeTargets)('org service ($name)', (target) => {
  const clock = createFixedClock();
  let orgs: OrgService;

  useStore(target, async (db) => {
    orgs = createOrgService({ db, clock });
  });

  it('creates an org with a generated id, a trimmed name and no kind by default', async () => {
    const org = await orgs.create({ name: '  Acme Parts  ' });
    expect(org).toEqual({
      id: expect.stringMatching(/^org_[0-9A-Za-z]{16}$/),
      name: 'Acme Parts',
      kind: null,
      scopes: [],
      createdAt: clock.now(),
    });
    expect(await orgs.get(org.id)).toEqual(org);
  });

  it('keeps a fixed id and a kind', async () => {
    const org = await orgs.create({ id: 'org_fixed', name: 'Fixed', kind: 'supplier' });
    expect(await orgs.get('org_fixed')).toEqual({
      id: 'org_fixed',
      name: 'Fixed',
      kind: 'supplier',
      scopes: [],
      createdAt: org.createdAt,
    });
  });

  it('keeps the scopes an org defines, without repeats, and replaces them', async () => {
    const org = await orgs.create({
      id: 'org_scoped',
      name: 'Scoped',
      scopes: ['parts:read', 'parts:write', 'parts:read'],
    });
    expect(org.scopes).toEqual(['parts:read', 'parts:write']);
    expect(await orgs.get('org_scoped')).toEqual(org);
    expect(await orgs.setScopes('org_scoped', ['orders:read'])).toEqual({
      ...org,
      scopes: ['orders:read'],
    });
    expect(await orgs.setScopes('org_scoped', [])).toEqual({ ...org, scopes: [] });
    expect(await orgs.get('org_scoped')).toEqual({ ...org, scopes: [] });
  });

  it.each([
    ['a space', 'parts read'],
    ['a quote', 'a"b'],
    ['a backslash', 'a\\b'],
    ['nothing', ''],
  ])('refuses a scope with %s', async (_, scope) => {
    const refusal = { outcome: 'invalid_input', message: `invalid scope: ${scope}` };
    await expect(orgs.create({ name: 'Bad', scopes: [scope] })).rejects.toMatchObject(refusal);
    await expect(orgs.setScopes('org_fixed', [scope])).rejects.toMatchObject(refusal);
  });

  it('refuses to set the scopes of an org that does not exist', async () => {
    await expect(orgs.setScopes('org_nowhere', ['a'])).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no such org',
    });
  });

  it('gives undefined for an org that does not exist', async () => {
    expect(await orgs.get('org_nowhere')).toBeUndefined();
  });

  it.each([
    ['an empty name', ''],
    ['a blank name', ' \t '],
    ['a name too long', 'n'.repeat(201)],
  ])('refuses %s', async (_, name) => {
    await expect(orgs.create({ name })).rejects.toMatchObject({
      outcome: 'invalid_input',
      message: 'org name must be 1 to 200 characters',
    });
  });

  it('lists every org, oldest first', async () => {
    clock.advance(1);
    const older = await orgs.create({ name: 'Older' });
    clock.advance(1);
    const newer = await orgs.create({ name: 'Newer' });
    const listed = await orgs.list();
    expect(listed).toHaveLength(5);
    expect(listed.slice(-2)).toEqual([older, newer]);
    expect(listed.map((o) => o.name)).toEqual(
      expect.arrayContaining(['Acme Parts', 'Fixed', 'Scoped', 'Older', 'Newer']),
    );
  });
});
