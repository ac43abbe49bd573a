import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';

const partium = 'Basic realm="partium", Bearer realm="partium"';
const partly = 'Bearer realm="partly"';

// RFC 9110 §11.6.1: a 401 names how to authenticate; no other answer carries a challenge.
describe.each(storeTargets)('the challenge of every 401 ($name)', (target) => {
  const ctx = useTestApp(target);

  const answer = async (url: string, authorization?: string, payload: object = {}) => {
    const res = await ctx().app.inject({
      method: 'POST',
      url,
      headers: authorization === undefined ? {} : { authorization },
      payload,
    });
    return {
      status: res.statusCode,
      body: res.json() as unknown,
      challenge: res.headers['www-authenticate'],
    };
  };

  it.each([
    ['/auth with no credential', '/auth', undefined, {}],
    ['/auth with a wrong password', '/auth', `Basic ${btoa('dev@partium.example:nope')}`, {}],
    ['/auth with an unknown key', '/auth', 'Bearer partium_0123456789abcdef0123456789abcdef', {}],
    ['/auth/refresh with an unknown token', '/auth/refresh', undefined, { refresh_token: 'x' }],
    ['/1/find/search with no token', '/1/find/search', undefined, { query: 'x' }],
  ])('Partium: %s', async (_name, url, authorization, payload) => {
    expect(await answer(url, authorization, payload)).toEqual({
      status: 401,
      body: { type: 'unauthorized' },
      challenge: partium,
    });
  });

  it('Partium: an org the person is not in is 404, without a challenge', async () => {
    const basic = `Basic ${btoa('dev@partium.example:demo-dev-pass')}`;
    expect(await answer('/auth', basic, { organization_id: 'org_demo_retail' })).toEqual({
      status: 404,
      body: { type: 'not_found' },
      challenge: undefined,
    });
  });

  it('Partly: a spent or unknown access code is 401 with a Bearer challenge', async () => {
    const install = {
      client_id: 'partly_client_demo',
      client_secret: 'secret_demo_8f3a',
      access_code: 'ac_nope',
    };
    expect(await answer('/api/2026-01/integrations.insert', undefined, install)).toEqual({
      status: 401,
      body: { type: 'invalid_access_code' },
      challenge: partly,
    });
  });

  it('Partly: an unknown client is 404, without a challenge', async () => {
    const install = { client_id: 'nobody', client_secret: 'x', access_code: 'ac_nope' };
    expect(await answer('/api/2026-01/integrations.insert', undefined, install)).toEqual({
      status: 404,
      body: { type: 'integration_not_found' },
      challenge: undefined,
    });
  });
});
