import { describe, expect, it } from 'vitest';
import { partner, useTestApp } from '../helpers/app.js';
import {
  clientCredentialsRequest,
  clientCredentialsToken,
  introspectRequest,
} from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { apiKeyToken, call, freshOrg, people, signIn } from '../management/support.js';

// Revoking a credential refuses, on the very next request, the access tokens it already got.
describe.each(storeTargets)('tokens of a revoked credential ($name)', (target) => {
  const ctx = useTestApp(target);

  async function introspect(token: string) {
    const res = await introspectRequest(ctx().app, token);
    return { status: res.statusCode, body: res.json() };
  }

  it('refuses the tokens exchanged for an API key once the key is revoked', async () => {
    const { app, services, clock } = ctx();
    const orgId = await freshOrg(services, people.dev.id, 'developer');
    const { apiKey, secret } = await services.apiKeys.create({ orgId, name: 'ci' });
    const token = await apiKeyToken(app, secret);
    await expect(services.authenticator.authenticate(token)).resolves.toMatchObject({ orgId });

    clock.advance(5);
    const userToken = await signIn(app, people.dev);
    const revoked = await call(app, 'DELETE', `/v1/orgs/${orgId}/api-keys/${apiKey.id}`, userToken);
    expect(revoked.status).toBe(200);

    await expect(services.authenticator.authenticate(token)).rejects.toMatchObject({
      outcome: 'credential_invalid',
      message: 'the access token is invalid, expired or revoked',
    });
  });

  it('refuses the tokens of a client once the client is revoked, and only those', async () => {
    const { app, services, clock } = ctx();
    const { client, secret } = await services.clients.create({
      orgId: 'org_gatehouse_demo',
      name: 'short-lived',
    });
    if (secret === undefined) throw new Error('a confidential client has a secret');
    const issue = () => clientCredentialsRequest(app, { id: client.id, secret });
    const own = (await issue()).json().access_token as string;
    const other = await clientCredentialsToken(app, partner);
    expect((await introspect(own)).body.active).toBe(true);

    clock.advance(5);
    await services.clients.revoke('org_gatehouse_demo', client.id);

    expect(await introspect(own)).toEqual({ status: 200, body: { active: false } });
    await expect(services.authenticator.authenticate(other)).resolves.toMatchObject({
      orgId: 'org_partner_demo',
    });
    expect((await issue()).statusCode).toBe(401);
  });
});
