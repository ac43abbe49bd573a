import { describe, expect, it } from 'vitest';
import { hexKeyFormat, nativeKeyFormat } from '../../src/apikeys/format.js';
import { createApiKeyService, type ApiKeyService } from '../../src/apikeys/service.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { createSecretHasher } from '../../src/lib/hash.js';
import { createOrgService } from '../../src/orgs/service.js';
import { contractKeyFormats } from '../../src/surfaces/index.js';
import { statementLog } from '../helpers/statement-log.js';
import { storedRow, useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

const hasher = createSecretHasher('apikey-test-hash-key-0123456789abcdef');

describe.each(storeTargets)('API key service ($name)', (target) => {
  const clock = createFixedClock();
  let keys: ApiKeyService;

  const store = useStore(target, async (db) => {
    keys = createApiKeyService({ db, clock, hasher, formats: contractKeyFormats });
    const orgs = createOrgService({ db, clock });
    await orgs.create({ id: 'org_a', name: 'A', scopes: ['parts:read', 'parts:write'] });
    await orgs.create({ id: 'org_b', name: 'B' });
  });

  it('refuses scopes the org does not define, naming them, and stores nothing', async () => {
    await expect(
      keys.create({ orgId: 'org_a', name: 'greedy', scopes: ['parts:read', 'admin', '*'] }),
    ).rejects.toMatchObject({
      outcome: 'scope_not_allowed',
      message: 'scope not defined by the organization: admin *',
    });
    await expect(
      keys.create({ orgId: 'org_b', name: 'elsewhere', scopes: ['parts:read'] }),
    ).rejects.toMatchObject({
      outcome: 'scope_not_allowed',
      message: 'scope not defined by the organization: parts:read',
    });
    const names = (await keys.list('org_a')).concat(await keys.list('org_b')).map((k) => k.name);
    expect(names).not.toContain('greedy');
    expect(names).not.toContain('elsewhere');
  });

  it('checks scopes inside the caller’s transaction', async () => {
    const created = await store()
      .transaction()
      .execute((trx) =>
        keys.create({ orgId: 'org_a', name: 'in trx', scopes: ['parts:read'] }, trx),
      );
    expect(created.apiKey.scopes).toEqual(['parts:read']);
  });

  it('creates a native key, returns its secret once and stores only a hash', async () => {
    const { apiKey, secret } = await keys.create({
      orgId: 'org_a',
      name: ' deploys ',
      role: 'developer',
      scopes: ['parts:read', 'parts:write'],
      createdBy: 'usr_x',
    });
    expect(secret).toMatch(/^gh_[0-9A-Za-z]{30}$/);
    expect(apiKey).toEqual({
      id: expect.stringMatching(/^key_[0-9A-Za-z]{16}$/),
      orgId: 'org_a',
      name: 'deploys',
      start: secret.slice(0, 7),
      role: 'developer',
      scopes: ['parts:read', 'parts:write'],
      createdBy: 'usr_x',
      createdAt: clock.now(),
      expiresAt: null,
      revokedAt: null,
    });
    const row = await storedRow(store(), 'api_keys', apiKey.id);
    expect(row.key_hash).toBe(hasher.hash(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('verifies a key by its secret and nothing else', async () => {
    const { apiKey, secret } = await keys.create({ orgId: 'org_a', name: 'k' });
    expect(await keys.verify(secret)).toEqual(apiKey);
    expect(await keys.verify(nativeKeyFormat.generate())).toBeUndefined();
  });

  it('refuses a native key with one character changed without asking the store', async () => {
    const { secret } = await keys.create({ orgId: 'org_a', name: 'k' });
    const log = statementLog();
    const counted = createApiKeyService({ db: log.connect(store()), clock, hasher });
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    const middle = secret.charAt(10) === 'z' ? 'y' : 'z';
    const refused = await log.during(async () => [
      await counted.verify(secret.slice(0, -1) + last),
      await counted.verify(secret.slice(0, 10) + middle + secret.slice(11)),
      await counted.verify('gh_garbage'),
    ]);
    expect(refused).toEqual({ result: [undefined, undefined, undefined], statements: [] });
    const found = await log.during(() => counted.verify(secret));
    expect(found.result).toMatchObject({ orgId: 'org_a' });
    expect(found.statements).toHaveLength(1);
  });

  it('looks up only keys of a format registered with it, and mints only in those', async () => {
    const acme = hexKeyFormat({ prefix: 'acme_', byteLength: 16 });
    const log = statementLog();
    const counted = { db: log.connect(store()), clock, hasher };
    const withAcme = createApiKeyService({ ...counted, formats: [acme] });
    const withoutAcme = createApiKeyService(counted);
    const { apiKey, secret } = await withAcme.create({ orgId: 'org_a', name: 'a', format: acme });
    expect(secret).toMatch(/^acme_[0-9a-f]{32}$/);
    expect(apiKey.start).toBe(secret.slice(0, 9));
    expect(await log.during(() => withoutAcme.verify(secret))).toEqual({
      result: undefined,
      statements: [],
    });
    const found = await log.during(() => withAcme.verify(secret));
    expect(found.result).toEqual(apiKey);
    expect(found.statements).toHaveLength(1);
    await expect(withoutAcme.create({ orgId: 'org_a', name: 'b', format: acme })).rejects.toThrow(
      'API key format not registered',
    );
    expect((await keys.list('org_a')).map((key) => key.name)).not.toContain('b');
  });

  it('revokes a key: refused from then on, still listed, revoked once', async () => {
    const { apiKey, secret } = await keys.create({ orgId: 'org_a', name: 'k' });
    clock.advance(10);
    const revoked = await keys.revoke('org_a', apiKey.id, 'operator');
    expect(revoked).toEqual({ ...apiKey, revokedAt: clock.now() });
    expect(await keys.verify(secret)).toBeUndefined();
    expect(await keys.findLive('org_a', apiKey.id)).toBeUndefined();
    expect(await keys.get('org_a', apiKey.id)).toEqual(revoked);
    clock.advance(10);
    expect(await keys.revoke('org_a', apiKey.id, 'operator')).toEqual(revoked);
  });

  it("treats another org's key as not found and leaves it live", async () => {
    const { apiKey, secret } = await keys.create({ orgId: 'org_b', name: 'theirs' });
    await expect(keys.revoke('org_a', apiKey.id, 'operator')).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no such API key',
    });
    expect(await keys.get('org_a', apiKey.id)).toBeUndefined();
    expect(await keys.findLive('org_a', apiKey.id)).toBeUndefined();
    expect(await keys.verify(secret)).toEqual(apiKey);
  });

  it('refuses a revoker below the key role, leaving the key live', async () => {
    const { apiKey, secret } = await keys.create({ orgId: 'org_a', name: 'k', role: 'owner' });
    await expect(keys.revoke('org_a', apiKey.id, { role: 'admin' })).rejects.toMatchObject({
      outcome: 'not_permitted',
      message: 'an admin cannot revoke a key with the owner role',
    });
    expect(await keys.verify(secret)).toEqual(apiKey);
    expect((await keys.revoke('org_a', apiKey.id, { role: 'owner' })).revokedAt).toBe(clock.now());
  });

  it('expires a key at its expiry second, by the injected clock', async () => {
    const expiresAt = clock.now() + 60;
    const { apiKey, secret } = await keys.create({ orgId: 'org_a', name: 'k', expiresAt });
    clock.advance(59);
    expect(await keys.verify(secret)).toEqual(apiKey);
    expect(await keys.findLive('org_a', apiKey.id)).toEqual(apiKey);
    clock.advance(1);
    expect(await keys.verify(secret)).toBeUndefined();
    expect(await keys.findLive('org_a', apiKey.id)).toBeUndefined();
    expect(await keys.get('org_a', apiKey.id)).toEqual(apiKey);
  });

  const refusals: Array<[string, { name?: string; expiresIn?: number }, string]> = [
    ['an expiry now', { expiresIn: 0 }, 'expires_at must be in the future'],
    ['an expiry in the past', { expiresIn: -1 }, 'expires_at must be in the future'],
    ['an expiry that is not a time', { expiresIn: Number.NaN }, 'expires_at must be a valid time'],
    ['a fractional expiry', { expiresIn: 0.5 + 60 }, 'expires_at must be a valid time'],
    ['a blank name', { name: '  ' }, 'key name must be 1 to 200 characters'],
    ['a name too long', { name: 'n'.repeat(201) }, 'key name must be 1 to 200 characters'],
  ];
  it.each(refusals)(
    'refuses %s, storing nothing',
    async (_, { name = 'k', expiresIn }, message) => {
      const before = await keys.list('org_a');
      const input = {
        orgId: 'org_a',
        name,
        ...(expiresIn === undefined ? {} : { expiresAt: clock.now() + expiresIn }),
      };
      await expect(keys.create(input)).rejects.toMatchObject({ outcome: 'invalid_input', message });
      expect(await keys.list('org_a')).toEqual(before);
    },
  );

  it("lists an org's keys, and only its keys, in the order they were made", async () => {
    const orgs = createOrgService({ db: store(), clock });
    const org = await orgs.create({ name: 'Listing' });
    const first = await keys.create({ orgId: org.id, name: 'first' });
    clock.advance(1);
    const second = await keys.create({ orgId: org.id, name: 'second' });
    await keys.create({ orgId: 'org_b', name: 'elsewhere' });
    expect(await keys.list(org.id)).toEqual([first.apiKey, second.apiKey]);
  });

  it('stores a key in a contract format under a fixed id', async () => {
    const secret = 'partly_demo_supplier_0000000000000000beef';
    const { apiKey } = await keys.create({ orgId: 'org_b', name: 'p', secret, id: 'key_fixed' });
    expect(apiKey).toMatchObject({ id: 'key_fixed', start: 'partly_demo' });
    expect(await keys.verify(secret)).toEqual(apiKey);
  });
});
