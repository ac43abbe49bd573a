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

/**
 * An org and a person written straight into the store (`org_…`, `usr_…`), for a service
 * suite whose rows must point at both.
 */
export async function insertPersonInOrg(
  executor: Executor,
  { orgId, userId }: { orgId: string; userId: string },
): Promise<void> {
  const name = orgId.slice(-1).toUpperCase();
  await executor
    .insertInto('orgs')
    .values({ id: orgId, name, kind: null, scopes: '', created_at: 0 })
    .execute();
  await executor
    .insertInto('users')
    .values({ id: userId, email: `${userId}@example.com`, name, password_hash: 'x', created_at: 0 })
    .execute();
}
