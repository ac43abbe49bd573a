import { describe, expect, it } from 'vitest';
import { testIssuer, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';

/** The whole metadata document, as a client reads it, for a server signing with `alg`. */
const metadata = (alg: string) => ({
  issuer: testIssuer,
  authorization_endpoint: `${testIssuer}/oauth/authorize`,
  token_endpoint: `${testIssuer}/oauth/token`,
  userinfo_endpoint: `${testIssuer}/oauth/userinfo`,
  jwks_uri: `${testIssuer}/.well-known/jwks.json`,
  introspection_endpoint: `${testIssuer}/oauth/introspect`,
  revocation_endpoint: `${testIssuer}/oauth/revoke`,
  scopes_supported: ['openid', 'profile', 'email'],
  response_types_supported: ['code'],
  response_modes_supported: ['query'],
  grant_types_supported: [
    'authorization_code',
    'client_credentials',
    'password',
    'refresh_token',
    'urn:ietf:params:oauth:grant-type:token-exchange',
  ],
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
  prompt_values_supported: ['none', 'login', 'consent'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: [alg],
  claims_supported: [
    'sub',
    'iss',
    'aud',
    'exp',
    'iat',
    'auth_time',
    'nonce',
    'at_hash',
    'name',
    'email',
  ],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  access_token_signing_alg_values_supported: [alg],
});

const paths = ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'];

// RFC 8414 §3 and OpenID Connect Discovery 1.0 §4: one document at both addresses.
describe.each(storeTargets)('discovery ($name)', (target) => {
  describe.each(['ES256', 'EdDSA'] as const)('signing with %s', (alg) => {
    const ctx = useTestApp(target, { signingAlg: alg });

    it.each(paths)('GET %s answers the whole metadata document', async (url) => {
      const res = await ctx().app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.json()).toEqual(metadata(alg));
    });
  });
});
