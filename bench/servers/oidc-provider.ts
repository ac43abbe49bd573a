import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Provider } from 'oidc-provider';
import { answerParent, portFrom } from './ipc.js';

/**
 * The peer reference of client_credentials issuance: oidc-provider 9, configured as a
 * deployment that issues JWT access tokens to one client would be. Resource indicators
 * (RFC 8707) give every token the one resource server, whose tokens are RFC 9068 JWTs signed
 * with ES256; the token carries the same extra claims as Gatehouse's (`org`, `sub_type`).
 * Its own in-memory adapter, no logging, NODE_ENV=production, a process of its own.
 */
const port = portFrom(process.env, 'PORT');
const issuer = required('PUBLIC_URL');
const clientId = required('BENCH_CLIENT_ID');
const org = required('BENCH_CLIENT_ORG');

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = {
  ...privateKey.export({ format: 'jwk' }),
  kid: randomBytes(16).toString('base64url'),
  alg: 'ES256',
  use: 'sig',
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: required('BENCH_CLIENT_SECRET'),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      // Its only key is an ES256 one (the default, RS256, would need a key of its own).
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [jwk] },
  // Cookies are not used by this grant; production refuses the default keys all the same.
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => issuer,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: '',
        audience: issuer,
        accessTokenTTL: 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
  extraTokenClaims: () => ({ org, sub_type: 'client' }),
});

const server = createServer(provider.callback());
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
answerParent(
  {},
  () =>
    new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    ),
);

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} must be set`);
  return value;
}
