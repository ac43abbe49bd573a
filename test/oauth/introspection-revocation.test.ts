import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { GrantType } from '../../src/clients/service.js';
import type { Clock } from '../../src/lib/clock.js';
import { backend, partner, useTestApp } from '../helpers/app.js';
import {
  bearerRequest,
  passwordRequest,
  postForm,
  tokenExchangeGrant,
  tokenExchangeRequest,
} from '../helpers/requests.js';
import { orgWithKey } from '../helpers/records.js';
import { accessTokenClaims, badRefreshToken, expectJson, oauthError } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';

const dev = { id: 'usr_partium_dev', email: 'dev@partium.example', password: 'demo-dev-pass' };
const inactive = { active: false };
const clientAuthFailed = oauthError('invalid_client', 'client authentication failed');

const withdrawn = oauthError('invalid_grant', 'the grant behind this refresh token was withdrawn');

type Credentials = { id: string; secret: string };

/** What introspection says of the live access token `token` with `claims` (RFC 7662 §2.2). */
const activeAccessToken = (clock: Clock, token: string, claims: Record<string, unknown>) => ({
  active: true,
  token_type: 'Bearer',
  ...accessTokenClaims(clock, { jti: decodeJwt(token).jti, ...claims }),
});

describe.each(storeTargets)('introspection and revocation ($name)', (target) => {
  const ctx = useTestApp(target);

  const post = (url: string, fields: Record<string, string>, client?: Credentials) =>
    postForm(ctx().app, url, fields, client);
  const introspect = (token: string, client: Credentials = backend) =>
    post('/oauth/introspect', { token }, client);
  const revoke = (token: string, client: Credentials = backend) =>
    post('/oauth/revoke', { token }, client);
  const listOrgs = (token: string) => bearerRequest(ctx().app, 'GET', '/v1/orgs', token);

  /** The dev user's token pair, from the password grant through the demo backend. */
  async function signIn(): Promise<{ access_token: string; refresh_token: string }> {
    const res = await passwordRequest(ctx().app, dev.email, dev.password);
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  async function clientToken(client: Credentials, scope?: string): Promise<string> {
    const res = await post(
      '/oauth/token',
      { grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) },
      client,
    );
    expect(res.statusCode).toBe(200);
    return res.json().access_token;
  }

  async function newClient(orgId: string, scopes: string[] = []): Promise<Credentials> {
    const { client, secret } = await ctx().services.clients.create({
      orgId,
      name: 'resource server',
      scopes,
    });
    if (secret === undefined) throw new Error('a confidential client has a secret');
    return { id: client.id, secret };
  }

  describe('POST /oauth/introspect (RFC 7662)', () => {
    it("describes an active user's access token", async () => {
      const { clock } = ctx();
      const { access_token } = await signIn();
      const res = await introspect(access_token);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const claims = { client_id: backend.id, sub: dev.id, org: 'org_demo_parts' };
      expect(res.json()).toEqual(activeAccessToken(clock, access_token, claims));
    });

    it('gives the scopes of a token that has some', async () => {
      const { clock } = ctx();
      const client = await newClient('org_gatehouse_demo', ['orders:read', 'orders:write']);
      const token = await clientToken(client, 'orders:read');
      const claims = { client_id: client.id, sub: client.id, org: 'org_gatehouse_demo' };
      expect((await introspect(token, client)).json()).toEqual({
        scope: 'orders:read',
        ...activeAccessToken(clock, token, claims),
      });
    });

    it('describes an active refresh token', async () => {
      const { clock } = ctx();
      const { refresh_token } = await signIn();
      const res = await introspect(refresh_token);
      expectJson(res, 200, {
        active: true,
        client_id: backend.id,
        token_type: 'refresh_token',
        exp: clock.now() + 30 * 86_400,
        iat: clock.now(),
        sub: dev.id,
        org: 'org_demo_parts',
      });
    });

    it('answers exactly {"active":false} for junk', async () => {
      for (const junk of ['junk', 'a.b.c', 'ghr_not-a-real-token', 'eyJhbGciOiJub25lIn0.e30.']) {
        const res = await introspect(junk);
        expectJson(res, 200, inactive);
      }
    });

    it('answers {"active":false} for an expired access token', async () => {
      const { clock } = ctx();
      const { access_token } = await signIn();
      clock.advance(599);
      expect((await introspect(access_token)).json()).toMatchObject({ active: true });
      clock.advance(1);
      expect((await introspect(access_token)).json()).toEqual(inactive);
    });

    it('answers {"active":false} for a revoked access token and a revoked refresh token', async () => {
      const { access_token, refresh_token } = await signIn();
      expect((await revoke(access_token)).statusCode).toBe(200);
      expect((await introspect(access_token)).json()).toEqual(inactive);
      expect((await introspect(refresh_token)).json()).toMatchObject({ active: true });
      expect((await revoke(refresh_token)).statusCode).toBe(200);
      expect((await introspect(refresh_token)).json()).toEqual(inactive);
    });

    it('answers {"active":false} to a client of another org about this org\'s tokens', async () => {
      const { access_token, refresh_token } = await signIn();
      const backendToken = await clientToken(backend);
      // The partner client is in org_partner_demo; these act in org_demo_parts and
      // org_gatehouse_demo and were issued to the demo backend.
      for (const token of [access_token, refresh_token, backendToken]) {
        const res = await introspect(token, partner);
        expectJson(res, 200, inactive);
      }
    });

    it('describes a token acting in its org to another client of that org', async () => {
      const { access_token } = await signIn();
      const resourceServer = await newClient('org_demo_parts');
      expect((await introspect(access_token, resourceServer)).json()).toMatchObject({
        active: true,
        client_id: backend.id,
        sub: dev.id,
        org: 'org_demo_parts',
      });
    });

    describe('a refresh token whose grant was withdrawn is inactive, as its refresh fails', () => {
      /** A client of `orgId` allowed `grants`, and the tokens a refresh needs. */
      async function appOf(orgId: string, grantTypes: GrantType[]): Promise<Credentials> {
        const { client, secret } = await ctx().services.clients.create({
          orgId,
          name: 'app',
          grantTypes,
        });
        return { id: client.id, secret: secret ?? '' };
      }
      const refreshWith = (client: Credentials, refreshToken: string) =>
        post('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, client);

      /** A key of an org of its own, exchanged through a client of that org. */
      async function exchangedKey() {
        const key = await orgWithKey(ctx().services, { name: 'Withdrawn Co' });
        const client = await appOf(key.orgId, [tokenExchangeGrant, 'refresh_token']);
        const res = await tokenExchangeRequest(ctx().app, key.secret, {}, client);
        expect(res.statusCode).toBe(200);
        const refreshToken: string = res.json().refresh_token;
        expect((await introspect(refreshToken, client)).json()).toMatchObject({ active: true });
        return { orgId: key.orgId, keyId: key.id, client, refreshToken };
      }

      it('when its API key was revoked', async () => {
        const key = await exchangedKey();
        await ctx().services.apiKeys.revoke(key.orgId, key.keyId, 'operator');
        expect((await introspect(key.refreshToken, key.client)).json()).toEqual(inactive);
        expect((await refreshWith(key.client, key.refreshToken)).statusCode).toBe(400);
      });

      it('when its API key was revoked in the store, behind the service', async () => {
        const { services, clock } = ctx();
        const key = await exchangedKey();
        await services.db
          .updateTable('api_keys')
          .set({ revoked_at: clock.now() })
          .where('id', '=', key.keyId)
          .execute();
        expect((await introspect(key.refreshToken, key.client)).json()).toEqual(inactive);
        expect((await refreshWith(key.client, key.refreshToken)).json()).toEqual(withdrawn);
        expect((await introspect(key.refreshToken, key.client)).json()).toEqual(inactive);
      });

      /** dev signed in through a new client of Demo Parts Co, and another client of it. */
      async function signedInThroughNewApp() {
        const app = await appOf('org_demo_parts', ['password', 'refresh_token']);
        const resourceServer = await newClient('org_demo_parts');
        const signedIn = await post(
          '/oauth/token',
          { grant_type: 'password', username: dev.email, password: dev.password },
          app,
        );
        const refreshToken: string = signedIn.json().refresh_token;
        return { app, resourceServer, refreshToken };
      }

      it('when its client was revoked', async () => {
        const { services } = ctx();
        const { app, resourceServer, refreshToken } = await signedInThroughNewApp();
        expect((await introspect(refreshToken, resourceServer)).json()).toMatchObject({
          active: true,
          client_id: app.id,
        });
        await services.clients.revoke('org_demo_parts', app.id);
        expect((await introspect(refreshToken, resourceServer)).json()).toEqual(inactive);
      });

      it('when its client was revoked in the store, behind the service', async () => {
        const { services, clock } = ctx();
        const { app, resourceServer, refreshToken } = await signedInThroughNewApp();
        await services.db
          .updateTable('clients')
          .set({ revoked_at: clock.now() })
          .where('id', '=', app.id)
          .execute();
        expect((await introspect(refreshToken, resourceServer)).json()).toEqual(inactive);
      });

      /** A member of Demo Parts Co signed in by the backend, and how to make them leave. */
      async function signedInMember(email: string) {
        const { services } = ctx();
        const password = 'member-pass-1';
        const user = await services.users.create({ email, password });
        await services.users.addToOrg(user.id, 'org_demo_parts', 'member');
        const signedIn = await post(
          '/oauth/token',
          { grant_type: 'password', username: email, password },
          backend,
        );
        const refreshToken: string = signedIn.json().refresh_token;
        const leave = () =>
          services.db
            .deleteFrom('memberships')
            .where('user_id', '=', user.id)
            .where('org_id', '=', 'org_demo_parts')
            .execute();
        return { userId: user.id, refreshToken, leave };
      }

      it('when its user left the org', async () => {
        const { refreshToken, leave } = await signedInMember('leaver@introspection.example');
        expect((await introspect(refreshToken)).json()).toMatchObject({ active: true });
        await leave();
        expect((await introspect(refreshToken)).json()).toEqual(inactive);
        expect((await refreshWith(backend, refreshToken)).json()).toEqual(withdrawn);
      });

      it('is ended by revocation even while its user is out of the org, for good', async () => {
        const { services } = ctx();
        const { userId, refreshToken, leave } = await signedInMember(
          'returner@introspection.example',
        );
        await leave();
        const revoked = await post('/oauth/revoke', { token: refreshToken }, backend);
        expect(revoked.statusCode).toBe(200);
        await services.users.addToOrg(userId, 'org_demo_parts', 'member');
        expect((await introspect(refreshToken)).json()).toEqual(inactive);
        expect((await refreshWith(backend, refreshToken)).statusCode).toBe(400);
      });
    });

    it('requires a confidential client to authenticate', async () => {
      const { access_token } = await signIn();
      const anonymous = await post('/oauth/introspect', { token: access_token });
      const wrongSecret = await introspect(access_token, { id: backend.id, secret: 'nope' });
      // A public client sends only its client_id, which is no authentication at all.
      const publicClient = await post('/oauth/introspect', {
        token: access_token,
        client_id: 'gatehouse_demo_spa',
      });
      for (const res of [anonymous, wrongSecret, publicClient]) {
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Basic realm="gatehouse", charset="UTF-8"');
        expect(res.json()).toEqual(clientAuthFailed);
      }
    });

    it('requires the token parameter', async () => {
      const res = await post('/oauth/introspect', {}, backend);
      expectJson(res, 400, oauthError('invalid_request', 'missing parameter: token'));
    });
  });

  describe('POST /oauth/revoke (RFC 7009)', () => {
    it('revokes its own access token, which the management API then refuses', async () => {
      const { access_token } = await signIn();
      expect((await listOrgs(access_token)).statusCode).toBe(200);

      const res = await revoke(access_token);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toBe('');

      const refused = await listOrgs(access_token);
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
      expect(refused.json()).toEqual({
        type: 'unauthorized',
        message: 'the access token is invalid, expired or revoked',
      });
    });

    it('revokes a refresh token with its family and the access tokens it issued', async () => {
      const { access_token, refresh_token } = await signIn();
      expect((await revoke(refresh_token)).statusCode).toBe(200);

      const refreshed = await post(
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token },
        backend,
      );
      expectJson(refreshed, 400, badRefreshToken);
      expect((await listOrgs(access_token)).statusCode).toBe(401);
    });

    it("refuses to revoke another client's token, which stays valid", async () => {
      const { access_token, refresh_token } = await signIn();
      for (const token of [access_token, refresh_token]) {
        const res = await revoke(token, partner);
        expectJson(
          res,
          400,
          oauthError('unauthorized_client', 'the token was not issued to this client'),
        );
      }
      expect((await listOrgs(access_token)).statusCode).toBe(200);
      expect((await introspect(access_token)).json()).toMatchObject({ active: true });
      expect((await introspect(refresh_token)).json()).toMatchObject({ active: true });
    });

    it('answers 200 for a token that is unknown, junk or already revoked', async () => {
      const { access_token } = await signIn();
      expect((await revoke(access_token)).statusCode).toBe(200);
      for (const token of [access_token, 'junk', 'a.b.c', 'ghr_not-a-real-token']) {
        const res = await revoke(token);
        expect(res.statusCode).toBe(200);
        expect(res.body).toBe('');
      }
    });

    it('requires the client to authenticate', async () => {
      const { access_token } = await signIn();
      const anonymous = await post('/oauth/revoke', { token: access_token });
      const wrongSecret = await revoke(access_token, { id: backend.id, secret: 'nope' });
      for (const res of [anonymous, wrongSecret]) {
        expectJson(res, 401, clientAuthFailed);
      }
      expect((await listOrgs(access_token)).statusCode).toBe(200);
    });

    it('requires the token parameter', async () => {
      const res = await post('/oauth/revoke', {}, backend);
      expectJson(res, 400, oauthError('invalid_request', 'missing parameter: token'));
    });
  });
});
