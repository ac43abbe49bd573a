import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { backend, partner, testIssuer, useTestApp } from '../helpers/app.js';
import {
  introspectRequest,
  partiumSignIn,
  passwordRequest,
  patchworksLogin,
  postToken,
} from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';

// Every access token names the resource it is for (RFC 9068 §2.2 `aud`), and each resource
// takes only its own: the native token endpoint's tokens work on /v1 and the partner commands,
// a surface's own login's tokens on that surface alone.
const partiumAudience = `${testIssuer}/partium`;
const patchworksAudience = `${testIssuer}/patchworks`;
const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';

const typed401 = { status: 401, body: { type: 'unauthorized' } };
const management401 = {
  status: 401,
  body: { type: 'unauthorized', message: 'the access token is invalid, expired or revoked' },
};

describe.each(storeTargets)('token audiences ($name)', (target) => {
  const ctx = useTestApp(target);
  const tokens = {
    native: '',
    nativeKey: '',
    nativeClient: '',
    partium: '',
    partiumRefreshed: '',
    partiumKey: '',
    patchworks: '',
  };

  async function call(method: 'GET' | 'POST', url: string, token: string, body?: object) {
    const res = await ctx().app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: res.statusCode, body: res.json() as unknown, headers: res.headers };
  }
  const status = async (...args: Parameters<typeof call>) => {
    const { status: code, body } = await call(...args);
    return { status: code, body };
  };
  async function nativeToken(fields: Record<string, string>, client = backend) {
    const res = await postToken(ctx().app, fields, client);
    expect(res.statusCode).toBe(200);
    return res.json<{ access_token: string }>().access_token;
  }
  async function partiumPair(authorization: string) {
    const res = await partiumSignIn(ctx().app, authorization);
    expect(res.statusCode).toBe(200);
    return res.json<{ access_token: string; refresh_token: string }>();
  }

  beforeAll(async () => {
    const { app } = ctx();
    const dev = { username: 'dev@partium.example', password: 'demo-dev-pass' };
    tokens.native = await nativeToken({ grant_type: 'password', ...dev });
    tokens.nativeKey = await nativeToken({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: partiumKey,
      subject_token_type: 'urn:gatehouse:params:oauth:token-type:api-key',
    });
    tokens.nativeClient = await nativeToken({ grant_type: 'client_credentials' }, partner);
    // RFC 7617: base64 of user:password, as Partium takes it (no form encoding).
    const credentials = Buffer.from(`${dev.username}:${dev.password}`).toString('base64');
    const devPair = await partiumPair(`Basic ${credentials}`);
    tokens.partium = devPair.access_token;
    const refreshed = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: devPair.refresh_token },
    });
    tokens.partiumRefreshed = refreshed.json<{ access_token: string }>().access_token;
    tokens.partiumKey = (await partiumPair(`Bearer ${partiumKey}`)).access_token;
    const login = await patchworksLogin(app, {
      username: 'admin@patchworks.example',
      password: 'demo-admin-pass',
    });
    tokens.patchworks = login.json<{ token: string }>().token;
  });

  it('names each token’s audience in aud', () => {
    expect(decodeJwt(tokens.native).aud).toBe(testIssuer);
    expect(decodeJwt(tokens.nativeKey).aud).toBe(testIssuer);
    expect(decodeJwt(tokens.nativeClient).aud).toBe(testIssuer);
    expect(decodeJwt(tokens.partium).aud).toBe(partiumAudience);
    expect(decodeJwt(tokens.partiumRefreshed).aud).toBe(partiumAudience);
    expect(decodeJwt(tokens.partiumKey).aud).toBe(partiumAudience);
    expect(decodeJwt(tokens.patchworks).aud).toBe(patchworksAudience);
  });

  describe('the management API takes native tokens only', () => {
    it.each(['patchworks', 'partium'] as const)('a %s token on /v1/orgs is 401', async (kind) => {
      const res = await call('GET', '/v1/orgs', tokens[kind]);
      expect({ status: res.status, body: res.body }).toEqual(management401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
    });

    it('a native token on /v1/orgs is taken', async () => {
      expect((await call('GET', '/v1/orgs', tokens.native)).status).toBe(200);
    });
  });

  describe('Partium takes its own tokens and API keys only', () => {
    const search = (token: string) => status('POST', '/1/find/search', token, { query: 'oil' });

    it.each(['native', 'nativeKey', 'patchworks'] as const)(
      'a %s token on search is 401',
      async (kind) => {
        expect(await search(tokens[kind])).toEqual(typed401);
      },
    );

    it.each(['native', 'patchworks'] as const)('a %s token on /1/api-keys is 401', async (kind) => {
      expect(await status('POST', '/1/api-keys', tokens[kind], { name: 'x' })).toEqual(typed401);
    });

    it.each(['partium', 'partiumRefreshed', 'partiumKey'] as const)(
      'its own %s token searches',
      async (kind) => {
        expect((await search(tokens[kind])).status).toBe(200);
      },
    );

    it('an API key searches', async () => {
      expect((await search(partiumKey)).status).toBe(200);
    });
  });

  describe('Patchworks takes its own tokens and API keys only', () => {
    it.each(['partium', 'native', 'nativeClient'] as const)(
      'a %s token on /fabric/api/user is 401',
      async (kind) => {
        expect(await status('GET', '/fabric/api/user', tokens[kind])).toEqual(typed401);
      },
    );

    it('its own token is taken', async () => {
      expect(await status('GET', '/fabric/api/user', tokens.patchworks)).toMatchObject({
        status: 200,
        body: { data: { id: 'usr_patchworks_admin', role: 'admin' } },
      });
    });
  });

  describe('partner commands take native tokens only', () => {
    const command = (token: string) =>
      status('POST', '/partner/v1/commands/create-natural-person', token, {
        first_name: 'Ada',
        last_name: 'Lovelace',
      });

    it.each(['partium', 'patchworks'] as const)('a %s token is 401', async (kind) => {
      expect(await command(tokens[kind])).toEqual(typed401);
    });

    it('a client_credentials token is taken', async () => {
      expect((await command(tokens.nativeClient)).status).toBe(201);
    });
  });

  it('introspection reports a surface token’s own audience', async () => {
    const { services, app } = ctx();
    const { client, secret } = await services.clients.create({
      orgId: 'org_demo_parts',
      name: 'parts resource server',
    });
    const res = await introspectRequest(app, tokens.partium, {
      id: client.id,
      secret: secret ?? '',
    });
    expect(res.json()).toMatchObject({ active: true, aud: partiumAudience, client_id: 'partium' });
  });
});

describe.each(storeTargets)('a configured audience ($name)', (target) => {
  const ctx = useTestApp(target, { audience: 'https://api.example' });

  it('native tokens carry ACCESS_TOKEN_AUDIENCE; surfaces keep their own', async () => {
    const { app } = ctx();
    const res = await passwordRequest(app, 'dev@partium.example', 'demo-dev-pass');
    const native = res.json<{ access_token: string }>().access_token;
    expect(decodeJwt(native).aud).toBe('https://api.example');
    const listed = await app.inject({
      method: 'GET',
      url: '/v1/orgs',
      headers: { authorization: `Bearer ${native}` },
    });
    expect(listed.statusCode).toBe(200);
    const login = await patchworksLogin(app, {
      username: 'manager@patchworks.example',
      password: 'demo-manager-pass',
    });
    expect(decodeJwt(login.json<{ token: string }>().token).aud).toBe(patchworksAudience);
  });
});
