import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { pkce } from '../helpers/pkce.js';
import { storeTargets } from '../helpers/targets.js';
import { apiKeyShape, call, client, uuidV4 } from '../surfaces/partly/support.js';

const { verifier, challenge, otherVerifier } = pkce;

/**
 * An answer of the handshake, headers included: every one is kept from caches, as a success
 * carries the new key (RFC 9111 §5.2.2.5); a 401 names how to authenticate (RFC 9110 §11.6.1).
 */
const answer = (status: number, body: unknown) => ({
  status,
  body,
  challenge: status === 401 ? 'Bearer realm="partly"' : undefined,
  cacheControl: 'no-store',
});
const installed = answer(200, {
  api_key: expect.stringMatching(apiKeyShape),
  integration_id: expect.stringMatching(uuidV4),
});
const invalidCode = answer(401, { type: 'invalid_access_code' });
const malformed = answer(400, { type: 'invalid_request' });

// The install handshake with the PKCE binding an access code from the authorization endpoint
// may carry (RFC 7636 §4.5, RFC 9700 §4.8.2), through the whole server, on each store.
describe.each(storeTargets)('integrations.insert with code_verifier ($name)', (target) => {
  const ctx = useTestApp(target);

  /** A code that installs the demo client into Demo Supplier, as the authorization endpoint issues one. */
  async function issueCode(codeChallenge?: string, ttl = 60) {
    const { code } = await ctx().services.accessCodes.issue({
      clientId: client.client_id,
      orgId: 'org_demo_supplier',
      ttl,
      ...(codeChallenge === undefined ? {} : { codeChallenge }),
    });
    return code;
  }

  /** `POST /api/2026-01/integrations.insert` with `fields` over the demo client's credentials. */
  async function insert(fields: Record<string, unknown>) {
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/api/2026-01/integrations.insert',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...client, ...fields }),
    });
    return {
      status: res.statusCode,
      body: res.json(),
      challenge: res.headers['www-authenticate'],
      cacheControl: res.headers['cache-control'],
    };
  }

  it('installs with the verifier of the code’s challenge, into the code’s org, once', async () => {
    const code = await issueCode(challenge);
    const first = await insert({ access_code: code, code_verifier: verifier });
    expect(first).toEqual(installed);
    const { api_key: key, integration_id: integration } = first.body as {
      api_key: string;
      integration_id: string;
    };
    expect(await call(ctx().app, 'integrations.get', {}, { key, integration })).toEqual({
      status: 200,
      body: {
        id: integration,
        organization: { id: 'org_demo_supplier', name: 'Demo Supplier', kind: 'supplier' },
        client_id: 'partly_client_demo',
        created_at: new Date(ctx().clock.now() * 1000).toISOString(),
      },
    });
    expect(await insert({ access_code: code, code_verifier: verifier })).toEqual(invalidCode);
  });

  it('installs with a code issued without a challenge and no verifier, as before', async () => {
    expect(await insert({ access_code: await issueCode() })).toEqual(installed);
  });

  it.each([
    ['without the verifier its challenge needs', challenge, {}],
    ['with a wrong verifier', challenge, { code_verifier: otherVerifier }],
    ['with the challenge as the verifier (plain)', challenge, { code_verifier: challenge }],
    [
      'with a verifier though it was issued without a challenge',
      undefined,
      { code_verifier: verifier },
    ],
  ])(
    'refuses a code %s as invalid_access_code, without spending it',
    async (_, codeChallenge, presented) => {
      const code = await issueCode(codeChallenge);
      expect(await insert({ access_code: code, ...presented })).toEqual(invalidCode);
      const rightful = codeChallenge === undefined ? {} : { code_verifier: verifier };
      expect(await insert({ access_code: code, ...rightful })).toEqual(installed);
      expect(await insert({ access_code: code, ...rightful })).toEqual(invalidCode);
    },
  );

  it('refuses a wrong client_secret with the right verifier as unauthorized, without spending the code', async () => {
    const code = await issueCode(challenge);
    expect(
      await insert({ client_secret: 'not-the-secret', access_code: code, code_verifier: verifier }),
    ).toEqual(answer(401, { type: 'unauthorized' }));
    expect(await insert({ access_code: code, code_verifier: verifier })).toEqual(installed);
  });

  it('refuses an expired code with the right verifier: installs at 59 s, not at 60 s or 61 s', async () => {
    const { clock } = ctx();
    const [early, atLimit, late] = [
      await issueCode(challenge),
      await issueCode(challenge),
      await issueCode(challenge),
    ];
    clock.advance(59);
    expect(await insert({ access_code: early, code_verifier: verifier })).toEqual(installed);
    clock.advance(1);
    expect(await insert({ access_code: atLimit, code_verifier: verifier })).toEqual(invalidCode);
    clock.advance(1);
    expect(await insert({ access_code: late, code_verifier: verifier })).toEqual(invalidCode);
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['10,000 characters', 'a'.repeat(10_000)],
    ['a character outside the unreserved set', `${'a'.repeat(42)}+`],
    ['padding', `${verifier}=`],
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
  ])(
    'answers a code_verifier of %s with 400 invalid_request, spending nothing',
    async (_, codeVerifier) => {
      const code = await issueCode(challenge);
      expect(await insert({ access_code: code, code_verifier: codeVerifier })).toEqual(malformed);
      expect(await insert({ access_code: code, code_verifier: verifier })).toEqual(installed);
    },
  );

  it('checks the verifier’s syntax before the client: an unknown one with a bad verifier is 400', async () => {
    expect(
      await insert({ client_id: 'no_such_client', access_code: 'x', code_verifier: 'short' }),
    ).toEqual(malformed);
  });
});
