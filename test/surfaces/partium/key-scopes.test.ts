import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { partiumAccessToken } from '../../helpers/requests.js';
import { storeTargets } from '../../helpers/targets.js';

// POST /auth with an API key: the tokens carry the key's scopes only as far as the key's org
// defines them, as the native token exchange bounds them by the client's.
describe.each(storeTargets)('Partium API key exchange scopes ($name)', (target) => {
  const ctx = useTestApp(target);

  async function exchange(secret: string) {
    return decodeJwt(await partiumAccessToken(ctx().app, `Bearer ${secret}`));
  }

  async function keyIn(orgScopes: string[], keyScopes: string[]) {
    const { services } = ctx();
    const org = await services.orgs.create({ name: 'Parts Scopes Co', scopes: orgScopes });
    const { apiKey, secret } = await services.apiKeys.create({
      orgId: org.id,
      name: 'k',
      role: 'member',
    });
    // As a key stored before its scopes were checked against its org's.
    await services.db
      .updateTable('api_keys')
      .set({ scopes: keyScopes.join(' ') })
      .where('id', '=', apiKey.id)
      .execute();
    return secret;
  }

  it('drops the scopes of the key that its org does not define', async () => {
    const secret = await keyIn(['parts:read'], ['parts:read', 'admin', 'payments:write', '*']);
    expect(await exchange(secret)).toMatchObject({ scope: 'parts:read' });
  });

  it('carries none when the org defines none', async () => {
    const claims = await exchange(await keyIn([], ['admin', '*']));
    expect(claims.scope).toBeUndefined();
  });

  it('carries every scope of the key that the org defines', async () => {
    const secret = await keyIn(
      ['parts:read', 'parts:write', 'orders:read'],
      ['parts:read', 'parts:write'],
    );
    expect(await exchange(secret)).toMatchObject({ scope: 'parts:read parts:write' });
  });
});
