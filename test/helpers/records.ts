import type { CreateApiKeyInput } from '../../src/apikeys/service.js';
import type { OrgService } from '../../src/orgs/service.js';
import type { Services } from '../../src/services.js';
import type { Executor } from '../../src/store/database.js';
import type { JWK } from 'jose';

/**
 * A new org of its own with one API key in it (named `ci`, role developer, unless `key`
 * says otherwise), so that revoking or expiring the key disturbs no fixture.
 */
export async function orgWithKey(
  services: Pick<Services, 'orgs' | 'apiKeys'>,
  org: Parameters<OrgService['create']>[0],
  key: Partial<Omit<CreateApiKeyInput, 'orgId'>> = {},
): Promise<{ orgId: string; id: string; secret: string }> {
  const { id: orgId } = await services.orgs.create(org);
  const { apiKey, secret } = await services.apiKeys.create({
    orgId,
    name: 'ci',
    role: 'developer',
    ...key,
  });
  return { orgId, id: apiKey.id, secret };
}

/**
 * Stores an ES256 signing key as a version that kept the private JWK in clear stored it, so
 * that a test can see what sealing and scrubbing make of it.
 */
export async function insertClearSigningKey(
  executor: Executor,
  key: { kid: string; publicJwk: JWK; privateJwk: JWK; createdAt: number },
): Promise<void> {
  const { kid, publicJwk, privateJwk, createdAt } = key;
  await executor
    .insertInto('signing_keys')
    .values({
      kid,
      alg: 'ES256',
      public_jwk: JSON.stringify({ ...publicJwk, kid, alg: 'ES256', use: 'sig' }),
      private_jwk: JSON.stringify(privateJwk),
      created_at: createdAt,
      retired_at: null,
    })
    .execute();
}
