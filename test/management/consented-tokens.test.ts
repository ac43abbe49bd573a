import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { okJson } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { dev, issueCode, redeem, spa, type CodeTokens } from '../oauth/code-grant-support.js';
import { call, refusal } from './support.js';

const needsManage = refusal(
  403,
  'forbidden',
  'the management API needs a token with the manage scope, or with none',
);
const noSuchOrg = refusal(404, 'not_found', 'no such org');

// A token from the authorization endpoint carries what the person consented to, for the org
// they chose: the management API takes it only if that was `manage`, and only in that org.
describe.each(storeTargets)('consented tokens at the management API ($name)', (target) => {
  const ctx = useTestApp(target);

  /** dev's access token from a code of `clientId` with `scopes`, for Demo Parts Co. */
  async function consented(scopes: string[], clientId = spa.id): Promise<string> {
    const code = await issueCode(ctx(), { clientId, scopes });
    return (await okJson<CodeTokens>(redeem(ctx().app, { code, client_id: clientId })))
      .access_token;
  }

  it('refuses an OpenID Connect token: it proves who the person is and manages nothing', async () => {
    const token = await consented(['openid', 'profile', 'email']);
    const { app } = ctx();
    expect(await call(app, 'GET', '/v1/orgs', token)).toMatchObject(needsManage);
    expect(await call(app, 'GET', `/v1/orgs/${dev.orgId}/api-keys`, token)).toMatchObject(
      needsManage,
    );
    expect(
      await call(app, 'POST', `/v1/orgs/${dev.orgId}/api-keys`, token, { name: 'nope' }),
    ).toMatchObject(needsManage);
    expect(await ctx().services.apiKeys.list(dev.orgId)).not.toContainEqual(
      expect.objectContaining({ name: 'nope' }),
    );
  });

  it('takes a token scoped to manage in the org it was consented for, and in no other', async () => {
    const { services, app } = ctx();
    // A platform app: it may act in any org of the person, but the token in one.
    const { client } = await services.clients.create({
      orgId: 'org_gatehouse_demo',
      name: 'Console',
      type: 'public',
      platform: true,
      grantTypes: ['authorization_code'],
      redirectUris: [spa.redirectUri],
      scopes: ['openid', 'manage'],
    });
    const token = await consented(['openid', 'manage'], client.id);
    expect(await call(app, 'GET', '/v1/orgs', token)).toEqual({
      status: 200,
      body: {
        data: [{ id: dev.orgId, name: 'Demo Parts Co', kind: null, role: 'developer' }],
      },
      wwwAuthenticate: undefined,
    });
    expect((await call(app, 'GET', `/v1/orgs/${dev.orgId}/api-keys`, token)).status).toBe(200);
    // dev is a member of Second Parts Co too, but did not consent there.
    expect(await call(app, 'GET', '/v1/orgs/org_second_parts/api-keys', token)).toMatchObject(
      noSuchOrg,
    );
  });
});
