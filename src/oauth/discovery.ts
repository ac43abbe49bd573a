import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { grantTypes } from './grants/index.js';
import type { SigningKeyService } from './signing-keys.js';

/** RFC 8414 §2 authorization server metadata; every URL derives from PUBLIC_URL. */
export function serverMetadata(config: Pick<Config, 'publicUrl' | 'signingAlg'>) {
  const base = config.publicUrl;
  const clientAuth = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer: base,
    token_endpoint: `${base}/oauth/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    introspection_endpoint: `${base}/oauth/introspect`,
    revocation_endpoint: `${base}/oauth/revoke`,
    grant_types_supported: [...grantTypes],
    // No authorization endpoint is served yet, so no response type is supported.
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: [...clientAuth, 'none'],
    introspection_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint_auth_methods_supported: [...clientAuth, 'none'],
    // RFC 9068 §2.1 / §4: how access tokens are signed.
    access_token_signing_alg_values_supported: [config.signingAlg],
  };
}

const Urls = Type.Array(Type.String());
const MetadataSchema = Type.Object({
  issuer: Type.String(),
  token_endpoint: Type.String(),
  jwks_uri: Type.String(),
  introspection_endpoint: Type.String(),
  revocation_endpoint: Type.String(),
  grant_types_supported: Urls,
  response_types_supported: Urls,
  token_endpoint_auth_methods_supported: Urls,
  introspection_endpoint_auth_methods_supported: Urls,
  revocation_endpoint_auth_methods_supported: Urls,
  access_token_signing_alg_values_supported: Urls,
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
  const schema = { response: { 200: MetadataSchema } };
  app.get('/.well-known/oauth-authorization-server', { schema }, async () => metadata);
  app.get('/.well-known/openid-configuration', { schema }, async () => metadata);
  app.get(
    '/.well-known/jwks.json',
    { schema: { response: { 200: JwksSchema } } },
    async (_request, reply) => {
      // Short enough that a rotated key is picked up soon; verifiers refetch on an unknown kid.
      reply.header('cache-control', 'public, max-age=300');
      await keys.refresh();
      return keys.jwks();
    },
  );
}
