import { describe, expect, it } from 'vitest';
import { useRunningServer } from '../helpers/server.js';
import {
  airFilter,
  basic,
  brakePadSet,
  bearer,
  call,
  claimsOf,
  demoCatalogue,
  demoKey,
  demoPartsCo,
  dev,
  field,
  oilFilter,
  secondCatalogue,
  secondPartsCo,
  sparkPlug,
  tokenPair,
  viewer,
  type Call,
} from './partium-client.js';
import { expectAnswer } from '../helpers/replies.js';

const unauthorized = { type: 'unauthorized' };
const forbidden = { type: 'forbidden' };

// Every row of docs/sandbox.md "Partium-style", over real HTTP, against the server as `npm start`
// runs it (sandbox fixtures on a fresh SQLite file).
describe('Partium-style surface (docs/partium.md)', () => {
  const server = useRunningServer();
  const send = (path: string, options?: Call) => call(server().url, path, options);
  const search = (credential: string, query: string) =>
    send('/1/find/search', { authorization: bearer(credential), body: { query } });
  const signIn = async (user: typeof dev, body?: unknown) =>
    field(await send('/auth', { authorization: basic(user), body }), 'access_token');

  describe('User:Password exchange, POST /auth/ and /1/auth', () => {
    it.each(['/auth/', '/1/auth', '/auth'])(
      'signs dev@partium.example in to Demo Parts Co as a developer at %s',
      async (path) => {
        const answer = await send(path, { authorization: basic(dev) });
        expectAnswer(answer, 200, tokenPair());
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(claimsOf(field(answer, 'access_token'))).toEqual({
          org: demoPartsCo,
          sub: 'usr_partium_dev',
          sub_type: 'user',
          roles: ['developer'],
          client_id: 'partium',
        });
      },
    );

    it('signs viewer@partium.example in to Demo Parts Co as a member', async () => {
      const answer = await send('/1/auth', { authorization: basic(viewer) });
      expectAnswer(answer, 200, tokenPair());
      expect(claimsOf(field(answer, 'access_token'))).toMatchObject({
        org: demoPartsCo,
        sub: 'usr_partium_viewer',
        roles: ['member'],
      });
    });

    it('accepts an empty JSON body, and an empty body of any type, as no body', async () => {
      for (const options of [
        { contentType: 'application/json' },
        { body: '', contentType: 'application/json' },
        { body: '', contentType: 'application/x-www-form-urlencoded' },
        { body: {} },
      ]) {
        const answer = await send('/auth/', { authorization: basic(dev), ...options });
        expectAnswer(answer, 200, tokenPair());
      }
    });

    it('logs dev in to Second Parts Co, where they are a member, when the body names it', async () => {
      const answer = await send('/auth/', {
        authorization: basic(dev),
        body: { organization_id: secondPartsCo },
      });
      expectAnswer(answer, 200, tokenPair());
      expect(claimsOf(field(answer, 'access_token'))).toMatchObject({
        org: secondPartsCo,
        roles: ['member'],
      });
    });

    it('refuses an org the user is not a member of, or that does not exist: 404 not_found', async () => {
      for (const orgId of [secondPartsCo, 'org_no_such_org']) {
        const answer = await send('/auth/', {
          authorization: basic(viewer),
          body: { organization_id: orgId },
        });
        expect(answer).toMatchObject({ status: 404, body: { type: 'not_found' } });
      }
    });

    it.each([
      ['a wrong password', basic({ email: dev.email, password: 'wrong-pass' })],
      ['an unknown user', basic({ email: 'nobody@partium.example', password: 'demo-dev-pass' })],
      ['no password', `Basic ${Buffer.from('dev@partium.example:').toString('base64')}`],
      ['no colon', `Basic ${Buffer.from('dev@partium.example').toString('base64')}`],
      ['a junk key', bearer('partium_not_a_real_key_0000000000')],
      ['a JWT instead of a key', 'jwt'],
      ['a refresh token instead of a key', 'refresh'],
      ['another scheme', 'Digest username="dev"'],
      ['no Authorization header', undefined],
    ])('refuses %s: 401 unauthorized', async (_name, authorization) => {
      let header = authorization;
      if (authorization === 'jwt') header = bearer(await signIn(dev));
      if (authorization === 'refresh') {
        const pair = await send('/auth', { authorization: basic(viewer) });
        header = bearer(field(pair, 'refresh_token'));
      }
      const answer = await send('/auth/', header === undefined ? {} : { authorization: header });
      expect(answer).toMatchObject({ status: 401, body: unauthorized });
    });
  });

  describe('API Key exchange, POST /auth/ with Authorization: Bearer <api key>', () => {
    it('exchanges the demo key for tokens of Demo Parts Co', async () => {
      for (const path of ['/auth/', '/1/auth']) {
        const answer = await send(path, { authorization: bearer(demoKey) });
        expectAnswer(answer, 200, tokenPair());
        expect(claimsOf(field(answer, 'access_token'))).toEqual({
          org: demoPartsCo,
          sub: 'key_partium_demo',
          sub_type: 'api_key',
          roles: ['member'],
          client_id: 'partium',
        });
      }
    });

    it('refuses to exchange a key for another org: 404 not_found', async () => {
      const answer = await send('/auth/', {
        authorization: bearer(demoKey),
        body: { organization_id: secondPartsCo },
      });
      expect(answer).toMatchObject({ status: 404, body: { type: 'not_found' } });
    });
  });

  describe('POST /1/find/search', () => {
    it.each([
      ['brake', [brakePadSet]],
      ['OIL', [oilFilter]],
      ['sp-ik20', [sparkPlug]],
      [' filter ', [airFilter, oilFilter]],
      ['', demoCatalogue],
      ['disc', []],
    ])('finds %j in Demo Parts Co with the API key', async (query, results) => {
      const answer = await search(demoKey, query);
      expect(answer).toMatchObject({ status: 200, body: { results } });
    });

    it("finds the same with a user's access token and with a key's exchanged token", async () => {
      const exchanged = field(
        await send('/auth', { authorization: bearer(demoKey) }),
        'access_token',
      );
      for (const token of [await signIn(dev), await signIn(viewer), exchanged]) {
        const answer = await search(token, 'brake');
        expect(answer).toMatchObject({ status: 200, body: { results: [brakePadSet] } });
      }
    });

    it('shows a Second Parts Co token only Second Parts Co parts', async () => {
      const token = await signIn(dev, { organization_id: secondPartsCo });
      expect((await search(token, 'brake')).body).toEqual({ results: secondCatalogue });
      expect((await search(token, '')).body).toEqual({ results: secondCatalogue });
    });

    it.each([
      ['no credential', undefined],
      ['a junk key', bearer('partium_not_a_real_key_0000000000')],
      ['a malformed token', bearer('eyJ.eyJ.sig')],
      ['Basic credentials', basic(dev)],
    ])('refuses %s: 401 unauthorized', async (_name, authorization) => {
      const answer = await send('/1/find/search', {
        ...(authorization === undefined ? {} : { authorization }),
        body: { query: 'brake' },
      });
      expect(answer).toMatchObject({ status: 401, body: unauthorized });
    });

    it('refuses a refresh token used as a bearer: 401 unauthorized', async () => {
      const pair = await send('/auth', { authorization: basic(viewer) });
      const answer = await search(field(pair, 'refresh_token'), 'brake');
      expect(answer).toMatchObject({ status: 401, body: unauthorized });
    });
  });

  describe('Refresh Token exchange, POST /auth/refresh', () => {
    it('rotates: a new pair; the old refresh token is refused once used', async () => {
      const first = await send('/auth', { authorization: basic(dev) });
      const refreshToken = field(first, 'refresh_token');
      const second = await send('/auth/refresh', { body: { refresh_token: refreshToken } });
      expectAnswer(second, 200, tokenPair());
      expect(second.headers.get('cache-control')).toBe('no-store');
      expect(field(second, 'refresh_token')).not.toBe(refreshToken);
      expect(claimsOf(field(second, 'access_token'))).toMatchObject({
        org: demoPartsCo,
        sub: 'usr_partium_dev',
        roles: ['developer'],
      });
      expect((await search(field(second, 'access_token'), 'oil')).status).toBe(200);

      // Replay of the spent token: refused, and the whole family with it.
      const replay = await send('/auth/refresh', { body: { refresh_token: refreshToken } });
      expect(replay).toMatchObject({ status: 401, body: unauthorized });
      const next = await send('/auth/refresh', {
        body: { refresh_token: field(second, 'refresh_token') },
      });
      expect(next).toMatchObject({ status: 401, body: unauthorized });
      const afterReplay = await search(field(second, 'access_token'), 'oil');
      expect(afterReplay).toMatchObject({ status: 401, body: unauthorized });
    });

    it("refreshes a key's exchanged pair, still in the key's org", async () => {
      const first = await send('/1/auth', { authorization: bearer(demoKey) });
      const second = await send('/auth/refresh', {
        body: { refresh_token: field(first, 'refresh_token') },
      });
      expectAnswer(second, 200, tokenPair());
      expect(claimsOf(field(second, 'access_token'))).toMatchObject({
        org: demoPartsCo,
        sub: 'key_partium_demo',
        sub_type: 'api_key',
      });
    });

    it('keeps the org the user logged in to', async () => {
      const first = await send('/auth', {
        authorization: basic(dev),
        body: { organization_id: secondPartsCo },
      });
      const second = await send('/auth/refresh', {
        body: { refresh_token: field(first, 'refresh_token') },
      });
      expect(claimsOf(field(second, 'access_token'))).toMatchObject({
        org: secondPartsCo,
        roles: ['member'],
      });
    });

    it.each([
      ['an unknown refresh token', { refresh_token: 'ghr_' + 'x'.repeat(43) }],
      ['something that is not a refresh token', { refresh_token: demoKey }],
    ])('refuses %s: 401 unauthorized', async (_name, body) => {
      const answer = await send('/auth/refresh', { body });
      expect(answer).toMatchObject({ status: 401, body: unauthorized });
    });

    it('answers a missing refresh_token with 400 invalid_request', async () => {
      const answer = await send('/auth/refresh', { body: {} });
      expect(answer).toMatchObject({ status: 400, body: { type: 'invalid_request' } });
    });
  });

  describe('API keys: POST /1/api-keys and DELETE /1/api-keys/:id', () => {
    const createKey = (token: string, name = 'CI key') =>
      send('/1/api-keys', { authorization: bearer(token), body: { name } });

    it('lets a developer create a key for the org they are logged in to; it works there only', async () => {
      const created = await createKey(await signIn(dev), 'Workshop tablet');
      expectAnswer(created, 201, {
        id: expect.stringMatching(/^key_\w+$/),
        api_key: expect.stringMatching(/^partium_[0-9a-f]{32}$/),
        organization_id: demoPartsCo,
        name: 'Workshop tablet',
      });
      const key = field(created, 'api_key');
      expect(await search(key, 'spark')).toMatchObject({
        status: 200,
        body: { results: [sparkPlug] },
      });
      expect((await search(key, 'disc')).body).toEqual({ results: [] });
      const exchanged = await send('/auth', { authorization: bearer(key) });
      expect(exchanged.body).toEqual(tokenPair());
      expect(claimsOf(field(exchanged, 'access_token')).org).toBe(demoPartsCo);
      const elsewhere = await send('/auth', {
        authorization: bearer(key),
        body: { organization_id: secondPartsCo },
      });
      expect(elsewhere).toMatchObject({ status: 404, body: { type: 'not_found' } });
    });

    /** Asserts that `credential` may neither create a key nor revoke the demo key (403). */
    async function expectMayNotManageKeys(credential: string) {
      expect(await createKey(credential)).toMatchObject({ status: 403, body: forbidden });
      const revoke = await send('/1/api-keys/key_partium_demo', {
        method: 'DELETE',
        authorization: bearer(credential),
      });
      expect(revoke).toMatchObject({ status: 403, body: forbidden });
    }

    it('refuses a member: viewer in Demo Parts Co, dev in Second Parts Co (403)', async () => {
      const viewerToken = await signIn(viewer);
      const devInSecond = await signIn(dev, { organization_id: secondPartsCo });
      for (const token of [viewerToken, devInSecond]) {
        await expectMayNotManageKeys(token);
      }
      // The demo key is untouched.
      expect((await search(demoKey, 'oil')).status).toBe(200);
    });

    it('refuses an API key, and a token exchanged from one (403)', async () => {
      const exchanged = field(
        await send('/auth', { authorization: bearer(demoKey) }),
        'access_token',
      );
      for (const credential of [demoKey, exchanged]) {
        await expectMayNotManageKeys(credential);
      }
    });

    it('refuses no credential, or a bad one (401)', async () => {
      expect(await send('/1/api-keys', { body: { name: 'x' } })).toMatchObject({
        status: 401,
        body: unauthorized,
      });
      const revoke = await send('/1/api-keys/key_partium_demo', {
        method: 'DELETE',
        authorization: bearer('partium_not_a_real_key_0000000000'),
      });
      expect(revoke).toMatchObject({ status: 401, body: unauthorized });
    });

    it("answers another org's key, or no such key, with 404 not_found", async () => {
      const token = await signIn(dev);
      for (const id of ['key_partly_repairer', 'key_patchworks_demo', 'key_nope']) {
        const answer = await send(`/1/api-keys/${id}`, {
          method: 'DELETE',
          authorization: bearer(token),
        });
        expect(answer).toMatchObject({ status: 404, body: { type: 'not_found' } });
      }
    });

    it('revokes a key: it, its exchanged tokens and their refresh tokens are refused at once', async () => {
      const token = await signIn(dev);
      const created = await createKey(token, 'Short-lived');
      const key = field(created, 'api_key');
      const pair = await send('/auth', { authorization: bearer(key) });
      expect((await search(field(pair, 'access_token'), 'oil')).status).toBe(200);

      const revoked = await send(`/1/api-keys/${field(created, 'id')}`, {
        method: 'DELETE',
        authorization: bearer(token),
      });
      expect(revoked).toMatchObject({ status: 204, body: '' });

      expect(await search(key, 'oil')).toMatchObject({ status: 401, body: unauthorized });
      expect(await send('/auth/', { authorization: bearer(key) })).toMatchObject({
        status: 401,
        body: unauthorized,
      });
      expect(await search(field(pair, 'access_token'), 'oil')).toMatchObject({
        status: 401,
        body: unauthorized,
      });
      const refreshed = await send('/auth/refresh', {
        body: { refresh_token: field(pair, 'refresh_token') },
      });
      expect(refreshed).toMatchObject({ status: 401, body: unauthorized });

      // Revoking twice is harmless; the demo key is untouched.
      const again = await send(`/1/api-keys/${field(created, 'id')}`, {
        method: 'DELETE',
        authorization: bearer(token),
      });
      expect(again.status).toBe(204);
      expect((await search(demoKey, 'oil')).status).toBe(200);
    });
  });
});

describe('Partium-style surface: the usage limit', () => {
  // A day-long window, so that no window boundary falls inside the test.
  const server = useRunningServer({ usageLimit: 3, usageWindow: 86_400 });
  const send = (path: string, options?: Call) => call(server().url, path, options);
  const rateLimited = { type: 'rate_limited' };

  it('counts keys and tokens alike against the org; another org is unaffected', async () => {
    const devToken = field(await send('/auth', { authorization: basic(dev) }), 'access_token');
    // 1: a key exchanged at /auth; 2: a search with the key; 3: a search with a token.
    expect((await send('/auth', { authorization: bearer(demoKey) })).status).toBe(200);
    const body = { query: 'oil' };
    expect((await send('/1/find/search', { authorization: bearer(demoKey), body })).status).toBe(
      200,
    );
    expect((await send('/1/find/search', { authorization: bearer(devToken), body })).status).toBe(
      200,
    );

    for (const over of [
      await send('/1/find/search', { authorization: bearer(demoKey), body }),
      await send('/1/find/search', { authorization: bearer(devToken), body }),
      await send('/auth/', { authorization: bearer(demoKey) }),
      await send('/1/api-keys', { authorization: bearer(devToken), body: { name: 'x' } }),
      await send('/1/api-keys/key_partium_demo', {
        method: 'DELETE',
        authorization: bearer(devToken),
      }),
    ]) {
      expect(over).toMatchObject({ status: 429, body: rateLimited });
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    }

    // Signing in with a password is not counted (it has its own lockout); Second Parts Co
    // has its own count.
    const second = await send('/auth', {
      authorization: basic(dev),
      body: { organization_id: secondPartsCo },
    });
    expect(second.status).toBe(200);
    const answer = await send('/1/find/search', {
      authorization: bearer(field(second, 'access_token')),
      body: { query: '' },
    });
    expect(answer).toMatchObject({ status: 200, body: { results: secondCatalogue } });
  });
});

describe('Partium-style surface: ACCESS_TOKEN_TTL and the sign-in lockout', () => {
  const server = useRunningServer({ accessTokenTtl: 120 });
  const send = (path: string, options?: Call) => call(server().url, path, options);

  it('reports the configured lifetime in expires_in', async () => {
    const pair = await send('/auth', { authorization: basic(viewer) });
    expect(pair.body).toEqual(tokenPair(120));
    const refreshed = await send('/auth/refresh', {
      body: { refresh_token: field(pair, 'refresh_token') },
    });
    expect(refreshed.body).toEqual(tokenPair(120));
    expect((await send('/auth', { authorization: bearer(demoKey) })).body).toEqual(tokenPair(120));
  });

  it('locks an account after five wrong passwords: even the right one is then 401', async () => {
    const wrong = basic({ email: viewer.email, password: 'not-the-password' });
    for (let i = 0; i < 5; i++) {
      expect(await send('/auth', { authorization: wrong })).toMatchObject({
        status: 401,
        body: unauthorized,
      });
    }
    expect(await send('/auth', { authorization: basic(viewer) })).toMatchObject({
      status: 401,
      body: unauthorized,
    });
    // Another account is not locked.
    expect((await send('/auth', { authorization: basic(dev) })).status).toBe(200);
  });
});
