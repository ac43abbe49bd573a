import { beforeAll, describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { flags, gatehouse, pick, usageError, useCliStore } from './support.js';

describe('gatehouse keys', () => {
  useCliStore();
  let orgId = '';

  beforeAll(async () => {
    orgId = pick(
      await gatehouse(
        'orgs',
        'create',
        ...flags({ name: 'Keys Co', scope: ['parts:read', 'parts:write'] }),
      ),
      /^created org (\S+)/,
    );
  });

  async function createKey(...extra: string[]) {
    const lines = await gatehouse('keys', 'create', '--org', orgId, ...extra);
    return { lines, id: pick(lines, /^created API key (\S+)/), key: pick(lines, /^key: (\S+)/) };
  }

  it('creates a native key and prints it once', async () => {
    const { lines, id, key } = await createKey('--name', 'deploys', '--role', 'developer');
    expect(lines).toEqual([
      `created API key ${id} in ${orgId}`,
      `key: ${key}   (shown once: store it now)`,
    ]);
    expect(id).toMatch(/^key_[0-9A-Za-z]{16}$/);
    expect(key).toMatch(/^gh_[0-9A-Za-z]{30}$/);
    const verified = await withServices(({ apiKeys }) => apiKeys.verify(key));
    expect(verified).toMatchObject({ id, orgId, name: 'deploys', role: 'developer', scopes: [] });
  });

  it('passes scopes and an expiry through', async () => {
    const { key } = await createKey(
      '--name',
      'scoped',
      '--scope',
      'parts:read',
      '--scope',
      'parts:write',
      '--expires-at',
      '2099-01-01T00:00:00Z',
    );
    const verified = await withServices(({ apiKeys }) => apiKeys.verify(key));
    expect(verified).toMatchObject({
      role: null,
      scopes: ['parts:read', 'parts:write'],
      expiresAt: Date.UTC(2099, 0, 1) / 1000,
    });
  });

  it('refuses a scope the org does not define', async () => {
    await expect(createKey('--name', 'greedy', '--scope', 'admin')).rejects.toThrow(
      'scope not defined by the organization: admin',
    );
  });

  it('lists keys by their start, never in full', async () => {
    const { id, key } = await createKey('--name', 'listed', '--role', 'member');
    const lines = await gatehouse('keys', 'list', '--org', orgId);
    expect(lines).toContain(`${id}\t${key.slice(0, 7)}…\tlisted\tmember\tactive`);
    expect(lines.join('\n')).not.toContain(key);
    expect(lines.join('\n')).not.toContain(key.slice(0, 8));
  });

  it('revokes a key: listed as revoked, refused from then on', async () => {
    const { id, key } = await createKey('--name', 'doomed');
    expect(await gatehouse('keys', 'revoke', '--org', orgId, '--id', id)).toEqual([
      `revoked API key ${id}`,
    ]);
    const lines = await gatehouse('keys', 'list', '--org', orgId);
    expect(lines).toContain(`${id}\t${key.slice(0, 7)}…\tdoomed\t-\trevoked`);
    expect(await withServices(({ apiKeys }) => apiKeys.verify(key))).toBeUndefined();
  });

  it('refuses to revoke a key of another org or one that does not exist', async () => {
    const other = pick(await gatehouse('orgs', 'create', '--name', 'Other'), /^created org (\S+)/);
    const { id, key } = await createKey('--name', 'kept');
    await expect(gatehouse('keys', 'revoke', '--org', other, '--id', id)).rejects.toThrow(
      'no such API key',
    );
    await expect(gatehouse('keys', 'revoke', '--org', orgId, '--id', 'key_nope')).rejects.toThrow(
      'no such API key',
    );
    expect(await withServices(({ apiKeys }) => apiKeys.verify(key))).toMatchObject({ id });
  });

  it('refuses an expiry that is not a date, or not in the future', async () => {
    await expect(createKey('--name', 'x', '--expires-at', 'soon')).rejects.toThrow(
      '--expires-at is not a date: soon',
    );
    await expect(createKey('--name', 'x', '--expires-at', '2001-01-01T00:00:00Z')).rejects.toThrow(
      'expires_at must be in the future',
    );
  });

  it('refuses an unknown org and reports usage errors', async () => {
    await expect(gatehouse('keys', 'create', '--org', 'org_nope', '--name', 'x')).rejects.toThrow(
      'no org org_nope',
    );
    expect(
      await usageError('keys', 'create', '--org', orgId, '--name', 'x', '--role', 'god'),
    ).toEqual({
      code: 'commander.invalidArgument',
      message:
        "error: option '--role <role>' argument 'god' is invalid. Allowed choices are owner, admin, developer, manager, member.",
      printed: [],
    });
    expect((await usageError('keys', 'revoke', '--org', orgId)).code).toBe(
      'commander.missingMandatoryOptionValue',
    );
  });
});
