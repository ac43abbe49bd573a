import { describe, expect, it } from 'vitest';
import { createClientService, type ClientService } from '../../src/clients/service.js';
import { grantTypeRules } from '../../src/oauth/grants/index.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { createSecretHasher, type SecretHasher } from '../../src/lib/hash.js';
import { createDenyList } from '../../src/oauth/deny-list.js';
import { createLookupCaches } from '../../src/store/lookup-cache.js';
import { createOrgService } from '../../src/orgs/service.js';
import { storedRow, useStore } from '../helpers/store.js';
import { storeTargets } from '../helpers/targets.js';

const hasher = createSecretHasher('client-test-hash-key-0123456789abcdef');

describe.each(storeTargets)('client service ($name)', (target) => {
  const clock = createFixedClock();
  let clients: ClientService;

  const store = useStore(target, async (db) => {
    clients = createClientService({ db, clock, hasher, grantTypes: grantTypeRules });
    const orgs = createOrgService({ db, clock });
    await orgs.create({ id: 'org_a', name: 'A' });
    await orgs.create({ id: 'org_b', name: 'B' });
  });

  it('creates a confidential client with a generated id and secret, storing only a hash', async () => {
    const { client, secret } = await clients.create({ orgId: 'org_a', name: ' Backend ' });
    expect(secret).toMatch(/^ghcs_[0-9A-Za-z]{40}$/);
    expect(client).toEqual({
      id: expect.stringMatching(/^ghc_[0-9A-Za-z]{20}$/),
      orgId: 'org_a',
      name: 'Backend',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: [],
      redirectUris: [],
      accessTokenTtl: null,
      createdAt: clock.now(),
      revokedAt: null,
      platform: false,
      pkceRequired: true,
      install: false,
    });
    const row = await storedRow(store(), 'clients', client.id);
    expect(row.secret_hash).toBe(hasher.hash(secret ?? ''));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('creates a public client without a secret, with the grants it names', async () => {
    const { client, secret } = await clients.create({
      orgId: 'org_a',
      name: 'SPA',
      type: 'public',
      grantTypes: ['refresh_token'],
      redirectUris: ['http://127.0.0.1:5173/callback'],
    });
    expect(secret).toBeUndefined();
    expect(client).toMatchObject({
      type: 'public',
      grantTypes: ['refresh_token'],
      redirectUris: ['http://127.0.0.1:5173/callback'],
    });
    expect(await clients.authenticate(client.id, '')).toBeUndefined();
    expect(await clients.find(client.id)).toEqual(client);
  });

  it('gives a public client no grant by default: none it may use is served yet', async () => {
    await expect(
      clients.create({ orgId: 'org_a', name: 'Unnamed grants', type: 'public' }),
    ).rejects.toMatchObject({
      outcome: 'invalid_input',
      message: 'a public client needs its grant types named: none is given by default',
    });
    expect((await clients.list('org_a')).map((c) => c.name)).not.toContain('Unnamed grants');
  });

  it('keeps fixed ids and secrets, scopes without repeats', async () => {
    const { client, secret } = await clients.create({
      orgId: 'org_a',
      name: 'fixed',
      id: 'fixed_client',
      secret: 'fixed_secret_value',
      scopes: ['a', 'b', 'a'],
      accessTokenTtl: 60,
    });
    expect(secret).toBe('fixed_secret_value');
    expect(client).toMatchObject({ id: 'fixed_client', scopes: ['a', 'b'], accessTokenTtl: 60 });
  });

  it('keeps a platform client as one: only an operator asks for it', async () => {
    const { client, secret } = await clients.create({
      orgId: 'org_a',
      name: 'operator backend',
      platform: true,
    });
    expect(client.platform).toBe(true);
    expect(await clients.authenticate(client.id, secret ?? '')).toEqual(client);
    expect(await clients.find(client.id)).toMatchObject({ platform: true });
  });

  it('authenticates a client by its secret; anything else gives undefined', async () => {
    const { client, secret } = await clients.create({ orgId: 'org_a', name: 'c' });
    expect(await clients.authenticate(client.id, secret ?? '')).toEqual(client);
    expect(await clients.authenticate(client.id, `${secret}x`)).toBeUndefined();
    expect(await clients.authenticate(client.id, '')).toBeUndefined();
    expect(await clients.authenticate('no_such_client', secret ?? '')).toBeUndefined();
    expect(await clients.authenticate('bad id!', secret ?? '')).toBeUndefined();
  });

  it("takes the keyed hash of a held client's secret once; a wrong one at every try", async () => {
    const hashed: string[] = [];
    const counting: SecretHasher = {
      hash: hasher.hash,
      matches(secret, storedHash) {
        hashed.push(secret);
        return hasher.matches(secret, storedHash);
      },
    };
    const db = store();
    const lookups = createLookupCaches({ denyList: createDenyList({ db, clock }), clock });
    const held = createClientService({
      db,
      clock,
      hasher: counting,
      grantTypes: grantTypeRules,
      lookups,
    });
    const { client, secret = '' } = await held.create({ orgId: 'org_a', name: 'held' });
    const other = await held.create({ orgId: 'org_a', name: 'other' });
    for (let i = 0; i < 3; i++) {
      expect(await held.authenticate(client.id, secret)).toEqual(client);
      expect(await held.authenticate(client.id, `${secret}x`)).toBeUndefined();
    }
    // Another client's secret is not this one's, even once it has matched its own.
    expect(await held.authenticate(other.client.id, other.secret ?? '')).toEqual(other.client);
    expect(await held.authenticate(client.id, other.secret ?? '')).toBeUndefined();
    // Read from the store, the client is matched by its keyed hash again.
    expect(await held.authenticate(client.id, secret, { fresh: true })).toEqual(client);
    expect(hashed).toEqual([
      secret,
      `${secret}x`,
      `${secret}x`,
      `${secret}x`,
      other.secret,
      other.secret,
      secret,
    ]);
  });

  it('revokes a client: it no longer authenticates nor is found, and stays revoked once', async () => {
    const { client, secret } = await clients.create({ orgId: 'org_a', name: 'c' });
    clock.advance(5);
    const revoked = await clients.revoke('org_a', client.id);
    expect(revoked).toEqual({ ...client, revokedAt: clock.now() });
    expect(await clients.authenticate(client.id, secret ?? '')).toBeUndefined();
    expect(await clients.find(client.id)).toBeUndefined();
    expect(await clients.get('org_a', client.id)).toEqual(revoked);
    clock.advance(5);
    expect(await clients.revoke('org_a', client.id)).toEqual(revoked);
  });

  it("treats another org's client as not found and leaves it working", async () => {
    const { client, secret } = await clients.create({ orgId: 'org_b', name: 'theirs' });
    await expect(clients.revoke('org_a', client.id)).rejects.toMatchObject({
      outcome: 'not_found',
      message: 'no such client',
    });
    expect(await clients.get('org_a', client.id)).toBeUndefined();
    expect(await clients.authenticate(client.id, secret ?? '')).toEqual(client);
  });

  it('refuses a client_id that is taken', async () => {
    await clients.create({ orgId: 'org_a', name: 'one', id: 'taken_id' });
    await expect(
      clients.create({ orgId: 'org_b', name: 'two', id: 'taken_id' }),
    ).rejects.toMatchObject({ outcome: 'conflict', message: 'client_id taken_id is taken' });
  });

  it("lists an org's clients, and only its clients, in the order they were made", async () => {
    const org = await createOrgService({ db: store(), clock }).create({ name: 'Listing' });
    const first = await clients.create({ orgId: org.id, name: 'first' });
    clock.advance(1);
    const second = await clients.create({ orgId: org.id, name: 'second' });
    await clients.create({ orgId: 'org_b', name: 'elsewhere' });
    expect(await clients.list(org.id)).toEqual([first.client, second.client]);
  });
});
