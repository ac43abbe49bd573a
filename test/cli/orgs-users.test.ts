import { describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { flags, gatehouse, pick, usageError, useCliStore } from './support.js';

describe('gatehouse orgs and users', () => {
  useCliStore();

  it('creates an org and lists it', async () => {
    const created = await gatehouse('orgs', 'create', '--name', 'Acme Parts', '--kind', 'supplier');
    expect(created).toEqual([
      expect.stringMatching(/^created org org_[0-9A-Za-z]{16} \(Acme Parts\)$/),
    ]);
    const orgId = pick(created, /^created org (\S+)/);
    expect(await gatehouse('orgs', 'list')).toContain(`${orgId}\tAcme Parts\tsupplier`);
  });

  it('creates an org with the scopes it defines, and replaces them', async () => {
    const scopes = ['parts:read', 'parts:write'];
    const created = await gatehouse('orgs', 'create', ...flags({ name: 'Scoped', scope: scopes }));
    const orgId = pick(created, /^created org (\S+)/);
    expect(created).toEqual([`created org ${orgId} (Scoped)`, 'scopes: parts:read parts:write']);
    expect(await gatehouse('orgs', 'set-scopes', '--org', orgId, '--scope', 'orders:read')).toEqual(
      [`${orgId} defines scopes: orders:read`],
    );
    expect(await withServices(({ orgs }) => orgs.get(orgId))).toMatchObject({
      scopes: ['orders:read'],
    });
    expect(await gatehouse('orgs', 'set-scopes', '--org', orgId)).toEqual([
      `${orgId} defines no scopes`,
    ]);
    await expect(gatehouse('orgs', 'set-scopes', '--org', 'org_nope')).rejects.toThrow(
      'no org org_nope',
    );
    await expect(gatehouse('orgs', 'set-scopes', '--org', orgId, '--scope', 'a"b')).rejects.toThrow(
      'invalid scope: a"b',
    );
  });

  it('creates a user with a normalised email', async () => {
    const alice = { email: 'Alice@Example.COM', password: 'alice-password', name: 'Alice' };
    const lines = await gatehouse('users', 'create', ...flags(alice));
    expect(lines).toEqual([
      expect.stringMatching(/^created user usr_[0-9A-Za-z]{16} \(alice@example\.com\)$/),
    ]);
    const user = await withServices(({ users }) =>
      users.checkPassword('alice@example.com', 'alice-password'),
    );
    expect(user).toMatchObject({ email: 'alice@example.com', name: 'Alice' });
  });

  it('refuses a second user with the same email', async () => {
    await gatehouse('users', 'create', '--email', 'bob@example.com', '--password', 'bob-password');
    await expect(
      gatehouse('users', 'create', '--email', 'BOB@example.com', '--password', 'bob-password'),
    ).rejects.toThrow('a user with this email already exists');
  });

  it('refuses a password that is too short', async () => {
    await expect(
      gatehouse('users', 'create', '--email', 'carol@example.com', '--password', 'short'),
    ).rejects.toThrow('password must be 8 to 1024 characters');
  });

  it('adds a user to an org with a role', async () => {
    const orgId = pick(await gatehouse('orgs', 'create', '--name', 'Team'), /^created org (\S+)/);
    await gatehouse(
      'users',
      'create',
      '--email',
      'dana@example.com',
      '--password',
      'dana-password',
    );
    const lines = await gatehouse(
      'users',
      'add-to-org',
      '--email',
      'DANA@example.com',
      '--org',
      orgId,
      '--role',
      'developer',
    );
    expect(lines).toEqual([`dana@example.com is developer in ${orgId}`]);
    const role = await withServices(async ({ users }) => {
      const user = await users.findByEmail('dana@example.com');
      return users.roleIn(user?.id ?? '', orgId);
    });
    expect(role).toBe('developer');
  });

  it('refuses to add an unknown user or to an unknown org', async () => {
    const orgId = pick(await gatehouse('orgs', 'create', '--name', 'Other'), /^created org (\S+)/);
    await expect(
      gatehouse(
        'users',
        'add-to-org',
        '--email',
        'nobody@example.com',
        '--org',
        orgId,
        '--role',
        'member',
      ),
    ).rejects.toThrow('no user with email nobody@example.com');
    await gatehouse(
      'users',
      'create',
      '--email',
      'erin@example.com',
      '--password',
      'erin-password',
    );
    await expect(
      gatehouse(
        'users',
        'add-to-org',
        '--email',
        'erin@example.com',
        '--org',
        'org_nope',
        '--role',
        'member',
      ),
    ).rejects.toThrow('no org org_nope');
  });

  it('reports usage errors instead of acting', async () => {
    expect(await usageError('orgs', 'create')).toEqual({
      code: 'commander.missingMandatoryOptionValue',
      message: "error: required option '--name <name>' not specified",
      printed: [],
    });
    const badRole = await usageError(
      'users',
      'add-to-org',
      '--email',
      'erin@example.com',
      '--org',
      'org_x',
      '--role',
      'boss',
    );
    expect(badRole).toEqual({
      code: 'commander.invalidArgument',
      message:
        "error: option '--role <role>' argument 'boss' is invalid. Allowed choices are owner, admin, developer, manager, member.",
      printed: [],
    });
    expect((await usageError('orgs', 'frobnicate')).code).toBe('commander.unknownCommand');
  });
});
