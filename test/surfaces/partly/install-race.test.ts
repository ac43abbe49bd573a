import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { pkce } from '../../helpers/pkce.js';
import { storeTargets } from '../../helpers/targets.js';
import { apiKeyShape, call, client, fixtureCode, uuidV4 } from './support.js';

const invalidCode = { status: 401, body: { type: 'invalid_access_code' } };

describe.each(storeTargets)('integrations.insert: the install handshake ($name)', (target) => {
  const ctx = useTestApp(target);

  async function freshOrg(name: string) {
    return ctx().services.orgs.create({ name, kind: 'repairer' });
  }

  async function issueCode(orgId: string, codeChallenge?: string) {
    const { code } = await ctx().services.accessCodes.issue({
      clientId: client.client_id,
      orgId,
      ...(codeChallenge === undefined ? {} : { codeChallenge }),
    });
    return code;
  }

  const insert = (accessCode: string, secret = client.client_secret, codeVerifier?: string) =>
    call(ctx().app, 'integrations.insert', {
      client_id: client.client_id,
      client_secret: secret,
      access_code: accessCode,
      ...(codeVerifier === undefined ? {} : { code_verifier: codeVerifier }),
    });

  it.each([
    ['a code without a challenge', undefined, undefined],
    ['a code with a challenge, each with the right code_verifier', pkce.challenge, pkce.verifier],
  ])(
    'of 50 concurrent installs with %s, exactly one succeeds',
    async (_, codeChallenge, codeVerifier) => {
      const { services } = ctx();
      const org = await freshOrg('Race Repairer');
      const code = await issueCode(org.id, codeChallenge);

      const results = await Promise.all(
        Array.from({ length: 50 }, () => insert(code, client.client_secret, codeVerifier)),
      );

      const won = results.filter((r) => r.status === 200);
      const lost = results.filter((r) => r.status !== 200);
      expect(won).toHaveLength(1);
      expect(won[0]?.body).toEqual({
        api_key: expect.stringMatching(apiKeyShape),
        integration_id: expect.stringMatching(uuidV4),
      });
      expect(lost).toHaveLength(49);
      for (const r of lost) expect(r).toEqual(invalidCode);

      const integrations = await services.db
        .selectFrom('integrations')
        .select(['id', 'api_key_id'])
        .where('org_id', '=', org.id)
        .execute();
      const keys = await services.db
        .selectFrom('api_keys')
        .select('id')
        .where('org_id', '=', org.id)
        .execute();
      expect(integrations).toHaveLength(1);
      expect(keys).toHaveLength(1);
      expect(integrations[0]?.api_key_id).toBe(keys[0]?.id);
      expect(integrations[0]?.id).toBe((won[0]?.body as { integration_id: string }).integration_id);
    },
  );

  it('the installed credential authenticates, as the org it was installed into', async () => {
    const org = await freshOrg('Installed Repairer');
    const { body } = await insert(await issueCode(org.id));
    const { api_key: key, integration_id: integration } = body as {
      api_key: string;
      integration_id: string;
    };
    const res = await call(ctx().app, 'integrations.get', {}, { key, integration });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: integration,
      organization: { id: org.id, name: 'Installed Repairer', kind: 'repairer' },
    });
  });

  it('an issued code lives 15 minutes: usable at 899 s, refused at 900 s and 901 s', async () => {
    const { clock } = ctx();
    const org = await freshOrg('Slow Repairer');
    const [early, atLimit, late] = [
      await issueCode(org.id),
      await issueCode(org.id),
      await issueCode(org.id),
    ];
    clock.advance(899);
    expect((await insert(early)).status).toBe(200);
    clock.advance(1);
    expect(await insert(atLimit)).toEqual(invalidCode);
    clock.advance(1);
    expect(await insert(late)).toEqual(invalidCode);
  });

  it('the seeded code ac_demo_valid_15m installs once; the second use is refused', async () => {
    const first = await insert(fixtureCode);
    expect(first).toEqual({
      status: 200,
      body: {
        api_key: expect.stringMatching(apiKeyShape),
        integration_id: expect.stringMatching(uuidV4),
      },
    });
    expect(await insert(fixtureCode)).toEqual(invalidCode);
  });

  it('a wrong client_secret is refused without spending the code', async () => {
    const code = await issueCode((await freshOrg('Patient Repairer')).id);
    expect(await insert(code, 'not-the-secret')).toEqual({
      status: 401,
      body: { type: 'unauthorized' },
    });
    expect((await insert(code)).status).toBe(200);
    expect(await insert(code)).toEqual(invalidCode);
  });

  it('every install hands out a fresh key and integration id', async () => {
    const org = await freshOrg('Twice Repairer');
    const a = (await insert(await issueCode(org.id))).body;
    const b = (await insert(await issueCode(org.id))).body;
    expect(a).not.toEqual(b);
  });

  it('refuses an unknown client, an unknown code and a code of another client', async () => {
    const { app, services } = ctx();
    expect(
      await call(app, 'integrations.insert', {
        client_id: 'no_such_client',
        client_secret: 'x',
        access_code: 'y',
      }),
    ).toEqual({ status: 404, body: { type: 'integration_not_found' } });
    expect(await insert('ac_never_issued')).toEqual(invalidCode);
    const foreign = await services.accessCodes.issue({
      clientId: 'gatehouse_demo_backend',
      orgId: 'org_demo_repairer',
    });
    expect(await insert(foreign.code)).toEqual(invalidCode);
  });

  it.each([
    ['an empty object', {}],
    ['a missing access_code', { client_id: 'partly_client_demo', client_secret: 'x' }],
    ['a number', { ...client, access_code: 42 }],
    ['null', { ...client, access_code: null }],
    ['an empty string', { ...client, access_code: '' }],
    ['an array body', [client]],
    ['a string body', 'hello'],
    ['a null body', null],
  ])('answers %s with 400 invalid_request', async (_name, body) => {
    expect(await call(ctx().app, 'integrations.insert', body)).toEqual({
      status: 400,
      body: { type: 'invalid_request' },
    });
  });
});
