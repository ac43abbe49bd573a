import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { useRunningServer } from '../helpers/server.js';

const partner = { client_id: 'partner_demo_client' };
const partnerSecret = 'partner_demo_secret_4b7e9a2c';

// A third-party client library, over real HTTP, against the server as `npm start` runs it.
describe('a standard OAuth client (oauth4webapi) against the running server', () => {
  const server = useRunningServer();
  const insecure = { [oauth.allowInsecureRequests]: true };

  async function discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(server().url);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure });
    return oauth.processDiscoveryResponse(issuer, response);
  }

  async function clientCredentialsToken(as: oauth.AuthorizationServer): Promise<string> {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      partner,
      oauth.ClientSecretBasic(partnerSecret),
      new URLSearchParams(),
      insecure,
    );
    const result = await oauth.processClientCredentialsResponse(as, partner, response);
    expect(result.token_type).toBe('bearer');
    expect(result.expires_in).toBe(600);
    return result.access_token;
  }

  it('discovers the server: the issuer is the URL it was fetched from', async () => {
    const as = await discover();
    expect(as.issuer).toBe(server().url);
    expect(as.token_endpoint).toBe(`${server().url}/oauth/token`);
    expect(as.jwks_uri).toBe(`${server().url}/.well-known/jwks.json`);
  });

  it('obtains a client_credentials token that jose verifies against the published JWKS', async () => {
    const as = await discover();
    const accessToken = await clientCredentialsToken(as);
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri ?? ''));
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
      issuer: server().url,
      audience: server().url,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      sub: 'partner_demo_client',
      client_id: 'partner_demo_client',
      org: 'org_partner_demo',
    });
  });

  it('introspects the token, revokes it, and then introspection says it is inactive', async () => {
    const as = await discover();
    const accessToken = await clientCredentialsToken(as);
    const auth = `Basic ${Buffer.from(`partner_demo_client:${partnerSecret}`).toString('base64')}`;
    const post = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: accessToken }),
      });

    const before = await post(as.introspection_endpoint ?? '');
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ active: true, client_id: 'partner_demo_client' });

    const revoked = await post(as.revocation_endpoint ?? '');
    expect(revoked.status).toBe(200);

    const after = await post(as.introspection_endpoint ?? '');
    expect(await after.json()).toEqual({ active: false });
  });
});
