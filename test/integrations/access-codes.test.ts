import { beforeAll, describe, expect, it } from 'vitest';
import {
  createAccessCodeService,
  type AccessCodeService,
} from '../../src/integrations/access-codes.js';
import { createSecretHasher } from '../../src/lib/hash.js';
import { createOrgService } from '../../src/orgs/service.js';
import { pkce } from '../helpers/pkce.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';

const hasher = createSecretHasher('access-code-test-hash-key-0123456789abcdef');
const ttl = 900;
const { verifier, challenge, otherVerifier } = pkce;

describe.each(storeTargets)('access codes ($name)', (target) => {
  const store = useServiceStore(target);
  let codes: AccessCodeService;

  beforeAll(async () => {
    const { db, clock } = store();
    codes = createAccessCodeService({ db, clock, hasher, ttl });
    await createOrgService({ db, clock }).create({ id: 'org_a', name: 'A' });
  });

  /** A code that installs cli_app into org_a, with `codeChallenge` if given. */
  const issue = (input: { codeChallenge?: string; ttl?: number | null; code?: string } = {}) =>
    codes.issue({ clientId: 'cli_app', orgId: 'org_a', ...input });
  const consume = (code: string, codeVerifier?: string, clientId = 'cli_app') =>
    codes.consume(store().db, code, clientId, codeVerifier);
  const row = (code: string) =>
    store()
      .db.selectFrom('access_codes')
      .selectAll()
      .where('code_hash', '=', hasher.hash(code))
      .executeTakeFirstOrThrow();

  it('stores a code only as its keyed hash, with its challenge, for the default lifetime', async () => {
    const now = store().clock.now();
    const issued = await issue({ codeChallenge: challenge });
    expect(issued).toEqual({
      code: expect.stringMatching(/^ac_[0-9A-Za-z]{32}$/),
      expiresAt: now + ttl,
    });
    const stored = await row(issued.code);
    expect(stored).toEqual({
      code_hash: hasher.hash(issued.code),
      client_id: 'cli_app',
      org_id: 'org_a',
      created_at: now,
      expires_at: now + ttl,
      used_at: null,
      code_challenge: challenge,
    });
    expect(JSON.stringify(stored)).not.toContain(issued.code.slice(3));
  });

  it('stores a fixed code without a challenge and without an expiry, as the sandbox seeds one', async () => {
    const now = store().clock.now();
    expect(await issue({ code: 'ac_fixed_value', ttl: null })).toEqual({
      code: 'ac_fixed_value',
      expiresAt: null,
    });
    expect(await row('ac_fixed_value')).toEqual({
      code_hash: hasher.hash('ac_fixed_value'),
      client_id: 'cli_app',
      org_id: 'org_a',
      created_at: now,
      expires_at: null,
      used_at: null,
      code_challenge: null,
    });
    store().clock.advance(10 * 365 * 86_400);
    expect(await consume('ac_fixed_value')).toBe('org_a');
  });

  it('spends a code without a challenge once, without a verifier', async () => {
    const { code } = await issue();
    expect(await consume(code)).toBe('org_a');
    expect((await row(code)).used_at).toBe(store().clock.now());
    store().clock.advance(1);
    expect(await consume(code)).toBeUndefined();
    expect((await row(code)).used_at).toBe(store().clock.now() - 1);
  });

  it('spends a code with a challenge once, with the RFC 7636 verifier', async () => {
    const { code } = await issue({ codeChallenge: challenge });
    expect(await consume(code, verifier)).toBe('org_a');
    expect((await row(code)).used_at).toBe(store().clock.now());
    // Spent is spent, however well it is proven.
    expect(await consume(code, verifier)).toBeUndefined();
  });

  it.each([
    ['no verifier for its challenge', challenge, undefined, 'cli_app'],
    ['a wrong verifier', challenge, otherVerifier, 'cli_app'],
    ['the challenge as the verifier (plain)', challenge, challenge, 'cli_app'],
    ['another client, with the right verifier', challenge, verifier, 'cli_other'],
    ['a verifier for a code without a challenge', undefined, verifier, 'cli_app'],
    ['another client, without a challenge', undefined, undefined, 'cli_other'],
  ])(
    'refuses a code presented with %s, without spending it',
    async (_, codeChallenge, codeVerifier, clientId) => {
      const { code } = await issue(codeChallenge === undefined ? {} : { codeChallenge });
      expect(await consume(code, codeVerifier, clientId)).toBeUndefined();
      expect((await row(code)).used_at).toBeNull();
      const rightful = codeChallenge === undefined ? undefined : verifier;
      expect(await consume(code, rightful)).toBe('org_a');
    },
  );

  it.each(aroundTheLimit)(
    'spends a code with a challenge only before it expires: at %s',
    async (_, offset, live) => {
      const { clock } = store();
      const { code } = await issue({ codeChallenge: challenge, ttl: 60 });
      clock.advance(60 + offset);
      expect(await consume(code, verifier)).toBe(live ? 'org_a' : undefined);
      expect((await row(code)).used_at).toBe(live ? clock.now() : null);
    },
  );

  it('lets exactly one of 50 concurrent redemptions with the verifier win', async () => {
    const { db, clock } = store();
    const { code } = await issue({ codeChallenge: challenge });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction().execute((trx) => codes.consume(trx, code, 'cli_app', verifier)),
      ),
    );
    expect(results.filter((r) => r === 'org_a')).toHaveLength(1);
    expect(results.filter((r) => r === undefined)).toHaveLength(49);
    expect(await row(code)).toMatchObject({ used_at: clock.now() });
  });

  it('lets only the verifier win among 25 wrong ones and 25 missing ones at once', async () => {
    const { code } = await issue({ codeChallenge: challenge });
    const wrong = Array.from({ length: 25 }, () => consume(code, otherVerifier));
    const missing = Array.from({ length: 25 }, () => consume(code));
    const results = await Promise.all([...wrong, consume(code, verifier), ...missing]);
    expect(results).toEqual([...Array(25).fill(undefined), 'org_a', ...Array(25).fill(undefined)]);
  });

  it.each([
    ['an unknown code', 'ac_never_issued'],
    ['an empty code', ''],
  ])('refuses %s', async (_, code) => {
    expect(await consume(code)).toBeUndefined();
    expect(await consume(code, verifier)).toBeUndefined();
  });
});
