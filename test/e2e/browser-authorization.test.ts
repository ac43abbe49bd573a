import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useChromium } from '../helpers/chromium.js';
import { press, signIn } from '../helpers/page-actions.js';
import { useRunningServer } from '../helpers/server.js';
import { storeTargets } from '../helpers/targets.js';
import {
  apiKeyShape,
  client as partlyClientCredentials,
  integrationView,
  ownProcurement,
  procurement,
  uuidV4,
} from '../surfaces/partly/support.js';
import { partlyClient } from './partly-support.js';

/** The sandbox's apps and people (docs/sandbox.md), exactly as documented. */
const spa = { id: 'gatehouse_demo_spa', redirectUri: 'http://127.0.0.1:5173/callback' };
const installRedirect = 'http://127.0.0.1:5174/install/callback';
const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
const admin = { email: 'admin@partly.example', password: 'demo-partly-pass' };

const chromium = useChromium();

/**
 * The app at a redirect URI: a bare HTTP server on its loopback port that answers with a
 * blank page and keeps the URL the authorization endpoint sent the browser to.
 */
function useApp(redirectUri: string): () => URL {
  let server: Server | undefined;
  let arrived: URL | undefined;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', redirectUri);
      // Not the icon the browser asks the app for afterwards.
      if (url.pathname === new URL(redirectUri).pathname) arrived = url;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('back at the app');
    });
    const { port, hostname } = new URL(redirectUri);
    await new Promise<void>((resolve) => server?.listen(Number(port), hostname, resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  beforeEach(() => {
    arrived = undefined;
  });
  return () => {
    if (arrived === undefined) throw new Error(`the browser was not sent to ${redirectUri}`);
    return arrived;
  };
}

// The whole front door as a person and two apps written by others use it: headless Chromium
// at the pages, openid-client (a certified OpenID Connect relying party) for the SPA, and the
// Partly contract's own install call, against the server as `npm start` runs it.
describe.each(storeTargets)('the authorization endpoint in Chromium ($name)', (target) => {
  const server = useRunningServer({}, target);
  const partly = partlyClient(() => server().url);
  const spaCallback = useApp(spa.redirectUri);
  const installCallback = useApp(installRedirect);

  it('openid-client completes authorization code + PKCE + openid for gatehouse_demo_spa', async () => {
    const { page, errors } = chromium();
    const config = await client.discovery(new URL(server().url), spa.id, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: spa.redirectUri,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });

    // Not signed in: the endpoint sends the browser to sign in, and back.
    await page.goto(authorizationUrl.href);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await signIn(page, dev);
    // dev is in two orgs: the consent page asks which one, and what the app may see.
    expect(new URL(page.url()).pathname).toBe('/oauth/authorize');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Gatehouse demo SPA wants to access your account',
    );
    await page.getByLabel('Second Parts Co').check();
    const allowed = await press(page, 'Allow');
    expect(allowed.status()).toBe(303);

    const arrived = spaCallback();
    expect(arrived.searchParams.get('state')).toBe(state);
    expect(arrived.searchParams.get('iss')).toBe(server().url);
    expect(arrived.searchParams.get('code')).toMatch(/^gha_[0-9A-Za-z]{43}$/);

    // The library checks state, iss, the ID token's signature, iss, aud, exp, iat, nonce.
    const tokens = await client.authorizationCodeGrant(config, arrived, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens).toMatchObject({
      token_type: 'bearer',
      scope: 'openid profile email',
      expires_in: 600,
    });
    expect(tokens.refresh_token).toMatch(/^ghr_/);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: server().url,
      sub: 'usr_partium_dev',
      aud: spa.id,
      nonce,
      at_hash: expect.any(String),
    });
    expect(claims?.auth_time).toBeTypeOf('number');

    // The access token acts in the org chosen on the consent page (RFC 9068 claims).
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      sub: 'usr_partium_dev',
      client_id: spa.id,
      org: 'org_second_parts',
      scope: 'openid profile email',
    });

    expect(await client.fetchUserInfo(config, tokens.access_token, 'usr_partium_dev')).toEqual({
      sub: 'usr_partium_dev',
      name: expect.any(String),
      email: 'dev@partium.example',
    });
    // The app's own page, at its own origin, reads userinfo across origins (CORS).
    expect(new URL(page.url()).origin).toBe('http://127.0.0.1:5173');
    const fetched = `fetch(${JSON.stringify(`${server().url}/oauth/userinfo`)}, {
      headers: { authorization: ${JSON.stringify(`Bearer ${tokens.access_token}`)} },
    }).then(async (answer) => [answer.status, await answer.json()])`;
    expect(await page.evaluate<[number, unknown]>(fetched)).toEqual([
      200,
      { sub: 'usr_partium_dev', name: expect.any(String), email: 'dev@partium.example' },
    ]);
    expect(errors).toEqual([]);
  });

  it('installs partly_client_demo into the org its admin chose, end to end, with no fixture', async () => {
    const { page, errors } = chromium();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authorize = new URL('/oauth/authorize', server().url);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: partlyClientCredentials.client_id,
      redirect_uri: installRedirect,
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();

    await page.goto(authorize.href);
    await signIn(page, admin);
    await expect(page.locator('h1').textContent()).resolves.toBe('Install Partly demo integration');
    // The admin's two orgs, and nothing else, are offered.
    await expect(page.getByRole('radio').count()).resolves.toBe(2);
    await page.getByLabel('Demo Supplier').check();
    const posted = await press(page, 'Allow');
    expect(posted.status()).toBe(303);

    const arrived = installCallback();
    expect(arrived.searchParams.get('state')).toBe(state);
    expect(arrived.searchParams.get('iss')).toBe(server().url);
    const code = arrived.searchParams.get('code') ?? '';
    expect(code).toMatch(/^ac_/);

    // The integration's backend: the contract's install call, then a two-header call.
    const insert = { ...partlyClientCredentials, access_code: code, code_verifier: verifier };
    const installed = await partly.call('integrations.insert', insert);
    expect(installed).toEqual({
      status: 200,
      body: {
        api_key: expect.stringMatching(apiKeyShape),
        integration_id: expect.stringMatching(uuidV4),
      },
    });
    const body = installed.body as { api_key: string; integration_id: string };
    const me = { key: body.api_key, integration: body.integration_id };
    expect(await partly.call('integrations.get', {}, me)).toEqual(
      integrationView(me.integration, {
        id: 'org_demo_supplier',
        name: 'Demo Supplier',
        kind: 'supplier',
      }),
    );
    expect(await partly.call('supplier.procurements.list', {}, me)).toEqual({
      status: 200,
      body: { procurements: [procurement(ownProcurement, 'requested')] },
    });
    // The code was single-use.
    expect(await partly.call('integrations.insert', insert)).toEqual({
      status: 401,
      body: { type: 'invalid_access_code' },
    });
    expect(errors).toEqual([]);
  });
});
