import { beforeAll, describe, expect, it } from 'vitest';
import { grants } from '../../src/oauth/grants/index.js';
import { gatehouse, pick, useCliStore } from './support.js';

// `gatehouse clients create --grant` takes the grant types of the token endpoint (oauth/grants/).
describe('gatehouse clients create --grant', () => {
  useCliStore();
  let orgId = '';

  beforeAll(async () => {
    orgId = pick(await gatehouse('orgs', 'create', '--name', 'Grants Co'), /^created org (\S+)/);
  });

  /** `gatehouse clients create` in the test org, with `grantType` alone, and `more`. */
  const createWith = (grantType: string, ...more: string[]) =>
    gatehouse('clients', 'create', '--org', orgId, '--name', 'c', '--grant', grantType, ...more);

  /** A grant whose codes go to a redirect URI needs one; the others none. */
  const redirectUri = (grantType: string) =>
    grantType === 'authorization_code' ? ['--redirect-uri', 'https://app.example/cb'] : [];

  it.each(grants.map((g) => g.grantType))('registers a client with %s', async (grantType) => {
    const lines = await createWith(grantType, ...redirectUri(grantType));
    expect(lines).toEqual([
      `created client ${pick(lines, /^client_id: (\S+)$/)} (confidential; grants: ${grantType})`,
      expect.stringMatching(/^client_id: ghc_\w{20}$/),
      expect.stringMatching(/^client_secret: ghcs_\w{40} {3}\(shown once: store it now\)$/),
    ]);
  });

  it('refuses the authorization_code grant without a redirect URI', async () => {
    await expect(createWith('authorization_code')).rejects.toThrow(
      'the authorization_code grant needs a redirect URI',
    );
  });
});
