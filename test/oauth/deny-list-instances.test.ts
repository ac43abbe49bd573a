import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/http/logger.js';
import { buildServer } from '../../src/http/server.js';
import { createServices, type Services } from '../../src/services.js';
import { backend, basic, form, useTestApp } from '../helpers/app.js';
import { orgWithKey } from '../helpers/records.js';
import { bearerRequest, tokenExchangeRequest } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { badRefreshToken, expectJson } from '../helpers/replies.js';

const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
const refused = {
  type: 'unauthorized',
  message: 'the access token is invalid, expired or revoked',
};

interface Instance {
  app: FastifyInstance;
  services: Services;
}

/**
 * Two server instances over one store (deny-list.ts): a revocation is written to the store
 * by the instance that took it, and the other learns of it at its next `denyList.sync()`.
 */
describe.each(storeTargets)('deny list across instances ($name)', (target) => {
  const ctx = useTestApp(target);
  let b: Instance | undefined;

  /** Another instance of the server: its own services and memory, the same store and config. */
  async function startInstance(): Promise<Instance> {
    const { services, clock } = ctx();
    const other = await createServices({ config: services.config, db: services.db, clock });
    return { app: await buildServer(other, createLogger('silent')), services: other };
  }

  beforeAll(async () => {
    b = await startInstance();
  });
  afterAll(async () => {
    await b?.app.close();
  });

  const instanceA = (): Instance => ctx();
  const instanceB = (): Instance => {
    if (b === undefined) throw new Error('instance B is not ready yet');
    return b;
  };

  const post = (on: Instance, url: string, fields: Record<string, string>) =>
    on.app.inject({
      method: 'POST',
      url,
      ...form(fields),
      headers: { ...form({}).headers, authorization: basic(backend.id, backend.secret) },
    });
  const introspect = async (on: Instance, token: string) =>
    (await post(on, '/oauth/introspect', { token })).json();
  const listOrgs = (on: Instance, token: string) => bearerRequest(on.app, 'GET', '/v1/orgs', token);

  async function signIn(on: Instance): Promise<{ access_token: string; refresh_token: string }> {
    const res = await post(on, '/oauth/token', {
      grant_type: 'password',
      username: dev.email,
      password: dev.password,
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('shares the signing key, so each instance accepts the tokens of the other', async () => {
    const fromA = await signIn(instanceA());
    const fromB = await signIn(instanceB());
    expect((await listOrgs(instanceB(), fromA.access_token)).statusCode).toBe(200);
    expect((await listOrgs(instanceA(), fromB.access_token)).statusCode).toBe(200);
  });

  it('refuses at B an access token revoked through A, once B has synced', async () => {
    const { access_token } = await signIn(instanceA());
    expect((await listOrgs(instanceB(), access_token)).statusCode).toBe(200);

    expect((await post(instanceA(), '/oauth/revoke', { token: access_token })).statusCode).toBe(
      200,
    );
    // A refuses it at once; B still holds only what it last synced.
    expect((await listOrgs(instanceA(), access_token)).statusCode).toBe(401);
    expect(await introspect(instanceB(), access_token)).toMatchObject({ active: true });

    await instanceB().services.denyList.sync();
    const res = await listOrgs(instanceB(), access_token);
    expectJson(res, 401, refused);
    expect(await introspect(instanceB(), access_token)).toEqual({ active: false });
  });

  it('refuses at B a refresh token revoked through A at once, and its access token after sync', async () => {
    const { access_token, refresh_token } = await signIn(instanceA());
    expect((await post(instanceA(), '/oauth/revoke', { token: refresh_token })).statusCode).toBe(
      200,
    );
    // Refresh tokens live in the store: no sync is needed to refuse one.
    const refreshed = await post(instanceB(), '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token,
    });
    expectJson(refreshed, 400, badRefreshToken);

    await instanceB().services.denyList.sync();
    expect((await listOrgs(instanceB(), access_token)).statusCode).toBe(401);
  });

  it('refuses at B the tokens of an API key revoked through A, once B has synced', async () => {
    const a = instanceA();
    const key = await orgWithKey(a.services, { name: 'Two Instances Co' }, { role: null });
    const exchanged = await tokenExchangeRequest(instanceB().app, key.secret);
    expect(exchanged.statusCode).toBe(200);
    const token: string = exchanged.json().access_token;
    await expect(instanceB().services.authenticator.authenticate(token)).resolves.toMatchObject({
      orgId: key.orgId,
    });

    ctx().clock.advance(1);
    await a.services.apiKeys.revoke(key.orgId, key.id, 'operator');
    await instanceB().services.denyList.sync();

    await expect(instanceB().services.authenticator.authenticate(token)).rejects.toMatchObject({
      outcome: 'credential_invalid',
      message: refused.message,
    });
    expect(await introspect(instanceB(), token)).toEqual({ active: false });
  });

  it('picks up each new revocation at each sync, not only the first', async () => {
    const tokens = [
      (await signIn(instanceA())).access_token,
      (await signIn(instanceA())).access_token,
    ];
    for (const token of tokens) {
      ctx().clock.advance(1);
      expect((await listOrgs(instanceB(), token)).statusCode).toBe(200);
      await post(instanceA(), '/oauth/revoke', { token });
      await instanceB().services.denyList.sync();
      expect((await listOrgs(instanceB(), token)).statusCode).toBe(401);
    }
  });

  it('refuses a revoked token at once in an instance started after the revocation', async () => {
    const { access_token } = await signIn(instanceA());
    await post(instanceA(), '/oauth/revoke', { token: access_token });
    const late = await startInstance();
    try {
      const res = await listOrgs(late, access_token);
      expectJson(res, 401, refused);
    } finally {
      await late.app.close();
    }
  });
});
