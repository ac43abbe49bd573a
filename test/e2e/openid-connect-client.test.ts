import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { useRunningServer } from '../helpers/server.js';

/** The sandbox's public demo app and a person who may use it (docs/sandbox.md). */
const spa: oauth.Client = { client_id: 'gatehouse_demo_spa' };
const redirectUri = 'http://127.0.0.1:5173/callback';
const dev = { id: 'usr_partium_dev', email: 'dev@partium.example', orgId: 'org_demo_parts' };

// oauth4webapi is the protocol layer of openid-client v6: a third-party OpenID Connect relying
// party, over real HTTP, against the server as `npm start` runs it. The code is issued as the
// authorization endpoint issues it, and the redirect back to the app is the URL the endpoint
// sends (RFC 6749 §4.1.2, RFC 9207), so that each check of the token side is tested alone;
// test/e2e/browser-authorization.test.ts drives the endpoint itself in Chromium.
describe('an OpenID Connect client (oauth4webapi) against the running server', () => {
  const server = useRunningServer();
  const insecure = { [oauth.allowInsecureRequests]: true };

  async function discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(server().url);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure });
    return oauth.processDiscoveryResponse(issuer, response);
  }

  /** A code for dev with PKCE and a nonce, and the callback URL the app would be sent to. */
  async function authorized(scopes: string[]) {
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const code = await server().services.authorizationCodes.issue({
      clientId: spa.client_id,
      redirectUri,
      userId: dev.id,
      orgId: dev.orgId,
      scopes,
      codeChallenge: await oauth.calculatePKCECodeChallenge(verifier),
      codeChallengeMethod: 'S256',
      nonce,
      authTime: Math.floor(Date.now() / 1000),
    });
    const callback = new URL(redirectUri);
    callback.search = new URLSearchParams({ code, iss: server().url }).toString();
    return { verifier, nonce, callback };
  }

  /** The token response of `authorized`'s code, as the library processes and checks it. */
  async function redeemed(as: oauth.AuthorizationServer, scopes: string[]) {
    const { verifier, nonce, callback } = await authorized(scopes);
    const params = oauth.validateAuthResponse(as, spa, callback, oauth.expectNoState);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      spa,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      insecure,
    );
    return oauth.processAuthorizationCodeResponse(as, spa, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    });
  }

  it('discovers an OpenID provider with every field a relying party requires', async () => {
    const as = await discover();
    // OpenID Connect Discovery 1.0 §3: the REQUIRED metadata.
    expect(as).toMatchObject({
      issuer: server().url,
      authorization_endpoint: `${server().url}/oauth/authorize`,
      jwks_uri: `${server().url}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      userinfo_endpoint: `${server().url}/oauth/userinfo`,
    });
  });

  it('redeems a code with PKCE for tokens whose ID token the library accepts', async () => {
    const as = await discover();
    const result = await redeemed(as, ['openid', 'profile', 'email']);
    expect(result.token_type).toBe('bearer');
    expect(result.scope).toBe('openid profile email');
    expect(oauth.getValidatedIdTokenClaims(result)).toMatchObject({
      iss: server().url,
      sub: dev.id,
      aud: spa.client_id,
    });
    // The library does not check the signature of a token-endpoint ID token; jose does.
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri ?? ''));
    const { payload } = await jwtVerify(result.id_token ?? '', jwks, {
      issuer: server().url,
      audience: spa.client_id,
      typ: 'JWT',
    });
    expect(payload.sub).toBe(dev.id);
  });

  it('reads the userinfo of the token, and is refused it with a challenge once revoked', async () => {
    const as = await discover();
    const { access_token: token } = await redeemed(as, ['openid', 'email']);
    const info = await oauth.processUserInfoResponse(
      as,
      spa,
      dev.id,
      await oauth.userInfoRequest(as, spa, token, insecure),
    );
    expect(info).toEqual({ sub: dev.id, email: dev.email });

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, spa, oauth.None(), token, insecure),
    );
    const refused = oauth.processUserInfoResponse(
      as,
      spa,
      dev.id,
      await oauth.userInfoRequest(as, spa, token, insecure),
    );
    await expect(refused).rejects.toMatchObject({
      status: 401,
      cause: [
        {
          scheme: 'bearer',
          parameters: {
            realm: 'gatehouse',
            error: 'invalid_token',
            error_description: 'the access token is invalid, expired or revoked',
          },
        },
      ],
    });
  });
});
