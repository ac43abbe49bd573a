import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { withCors } from './cors.js';
import { grantTypes } from './grants/index.js';
import { pkceMethods } from './pkce.js';
import type { SigningKeyService } from './signing-keys.js';

/** The scopes of OpenID Connect that Gatehouse answers for (OpenID Connect Core §5.4). */
const openidScopes = ['openid', 'profile', 'email'];

/**
 * The claims Gatehouse may put in an ID token (OpenID Connect Core §2, oauth/id-tokens.ts)
 * or a userinfo answer (§5.3, oauth/userinfo.ts).
 */
const claims = [
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
];

/**
 * RFC 8414 §2 authorization server metadata, which is also the OpenID Provider metadata of
 * OpenID Connect Discovery 1.0 §3; every URL derives from PUBLIC_URL.
 */
export function serverMetadata(config: Pick<Config, 'publicUrl' | 'signingAlg'>) {
  const base = config.publicUrl;
  const clientAuth = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    userinfo_endpoint: `${base}/oauth/userinfo`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    introspection_endpoint: `${base}/oauth/introspect`,
    revocation_endpoint: `${base}/oauth/revoke`,
    // Scopes beyond these are each org's and each client's own (a key's, a client's).
    scopes_supported: openidScopes,
    // RFC 6749 §4.1: the authorization code flow only, its answer in the query (§4.1.2).
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...grantTypes],
    // RFC 7636 §4.2: S256 only (RFC 9700 §2.1.1; oauth/pkce.ts).
    code_challenge_methods_supported: [...pkceMethods],
    // RFC 9207 §3: the authorization response names its issuer (`iss`).
    authorization_response_iss_parameter_supported: true,
    // OpenID Connect Core §3.1.2.1 prompt values, as Initiating User Registration via OpenID
    // Connect 1.0 names this metadata.
    prompt_values_supported: ['none', 'login', 'consent'],
    // Discovery §3: a person's `sub` is their user id, the same for every client.
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [config.signingAlg],
    claims_supported: claims,
    token_endpoint_auth_methods_supported: [...clientAuth, 'none'],
    introspection_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint_auth_methods_supported: [...clientAuth, 'none'],
    // RFC 9068 §2.1 / §4: how access tokens are signed.
    access_token_signing_alg_values_supported: [config.signingAlg],
  };
}

const Names = Type.Array(Type.String());
const MetadataSchema = Type.Object({
  issuer: Type.String(),
  authorization_endpoint: Type.String(),
  token_endpoint: Type.String(),
  userinfo_endpoint: Type.String(),
  jwks_uri: Type.String(),
  introspection_endpoint: Type.String(),
  revocation_endpoint: Type.String(),
  scopes_supported: Names,
  response_types_supported: Names,
  response_modes_supported: Names,
  grant_types_supported: Names,
  code_challenge_methods_supported: Names,
  authorization_response_iss_parameter_supported: Type.Boolean(),
  prompt_values_supported: Names,
  subject_types_supported: Names,
  id_token_signing_alg_values_supported: Names,
  claims_supported: Names,
  token_endpoint_auth_methods_supported: Names,
  introspection_endpoint_auth_methods_supported: Names,
  revocation_endpoint_auth_methods_supported: Names,
  access_token_signing_alg_values_supported: Names,
});
// RFC 7517 §5: public JWKs, passed through as stored.
const JwksSchema = Type.Object({
  keys: Type.Array(Type.Object({}, { additionalProperties: true })),
});

export async function discoveryRoutes(
  app: FastifyInstance,
  { config, keys }: { config: Config; keys: SigningKeyService },
) {
  const metadata = serverMetadata(config);
  // Public documents a browser app reads from its own origin (cors.ts); plain GETs, so no
  // preflight is asked for.
  const onSend = withCors;
  const schema = { response: { 200: MetadataSchema } };
  app.get('/.well-known/oauth-authorization-server', { schema, onSend }, async () => metadata);
  app.get('/.well-known/openid-configuration', { schema, onSend }, async () => metadata);
  app.get(
    '/.well-known/jwks.json',
    { schema: { response: { 200: JwksSchema } }, onSend },
    async (_request, reply) => {
      // Short enough that a rotated key is picked up soon; verifiers refetch on an unknown kid.
      reply.header('cache-control', 'public, max-age=300');
      await keys.refresh();
      return keys.jwks();
    },
  );
}
