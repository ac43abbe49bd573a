import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors.js';
import type { AccessTokenClaims } from '../../src/oauth/access-tokens.js';
import { endAccessToken } from '../../src/oauth/end-access-token.js';

const claims: AccessTokenClaims = {
  jti: 'jti_1',
  sub: 'usr_1',
  subType: 'user',
  clientId: 'cli_1',
  orgId: 'org_1',
  scopes: [],
  role: 'member',
  iat: 1_000,
  exp: 1_600,
  aud: 'https://auth.example/surfaces/one',
  iss: 'https://auth.example',
};

/** An access-token service whose `verify` answers with `verified`; it records each call. */
function tokensVerifying(verified: () => Promise<AccessTokenClaims>) {
  const verifyCalls: unknown[][] = [];
  const revoked: Array<Pick<AccessTokenClaims, 'jti' | 'exp'>> = [];
  const service = {
    verify: async (token: string, audience: string | readonly string[]) => {
      verifyCalls.push([token, audience]);
      return verified();
    },
    revoke: async ({ jti, exp }: Pick<AccessTokenClaims, 'jti' | 'exp'>) => {
      revoked.push({ jti, exp });
    },
  };
  return { service, verifyCalls, revoked };
}

describe('endAccessToken', () => {
  it('revokes a token that is valid for the audience', async () => {
    const { service, verifyCalls, revoked } = tokensVerifying(async () => claims);
    await expect(endAccessToken(service, 'a.b.c', claims.aud)).resolves.toBeUndefined();
    expect(verifyCalls).toEqual([['a.b.c', 'https://auth.example/surfaces/one']]);
    expect(revoked).toEqual([{ jti: 'jti_1', exp: 1_600 }]);
  });

  it('ends nothing, and does not fail, for a token that is expired, revoked or not ours', async () => {
    const { service, revoked } = tokensVerifying(async () => {
      throw new DomainError('credential_invalid', 'the access token is invalid');
    });
    await expect(endAccessToken(service, 'a.b.c', claims.aud)).resolves.toBeUndefined();
    expect(revoked).toEqual([]);
  });

  it('lets any other failure, such as the store being down, through', async () => {
    const down = new Error('the store is down');
    const { service, revoked } = tokensVerifying(async () => {
      throw down;
    });
    await expect(endAccessToken(service, 'a.b.c', claims.aud)).rejects.toBe(down);
    expect(revoked).toEqual([]);
  });
});
