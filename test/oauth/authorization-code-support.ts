import { beforeAll } from 'vitest';
import { createSecretHasher } from '../../src/lib/hash.js';
import {
  createAuthorizationCodeService,
  type AuthorizationCodeService,
} from '../../src/oauth/authorization-codes.js';
import { createDenyList, type DenyList } from '../../src/oauth/deny-list.js';
import {
  createRefreshTokenService,
  type RefreshTokenService,
} from '../../src/oauth/refresh-tokens.js';
import type { Db } from '../../src/store/database.js';
import { insertPersonInOrg } from '../helpers/records.js';
import type { ServiceStore } from '../helpers/service-store.js';

export const hasher = createSecretHasher('authorization-code-test-hash-key-0123456789');
// RFC 7636 Appendix B.
export const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
export const redirectUri = 'https://app.example/callback';
export const bound = { clientId: 'cli_app', redirectUri, codeVerifier: verifier };
/** The refresh tokens' lifetime in these suites. */
export const refreshTtl = 3600;
export const refusedCode = {
  outcome: 'credential_invalid',
  message: 'the authorization code is invalid, expired or used',
};

/** The service over a fresh store, with the org and person its codes are bound to. */
export function useAuthorizationCodes(store: () => ServiceStore) {
  const built: {
    codes?: AuthorizationCodeService;
    denyList?: DenyList;
    refreshTokens?: RefreshTokenService;
  } = {};
  beforeAll(async () => {
    const { db, clock } = store();
    const denyList = createDenyList({ db, clock });
    const refreshTokens = createRefreshTokenService({
      db,
      clock,
      hasher,
      denyList,
      ttl: refreshTtl,
    });
    built.denyList = denyList;
    built.refreshTokens = refreshTokens;
    built.codes = createAuthorizationCodeService({ db, clock, hasher, denyList, refreshTokens });
    await insertPersonInOrg(db, { orgId: 'org_a', userId: 'usr_a' });
  });
  return () => {
    const { codes, denyList, refreshTokens } = built;
    if (!codes || !denyList || !refreshTokens) throw new Error('built before the first test');
    return { codes, denyList, refreshTokens };
  };
}

/** What a test may change of a code's issue. */
export type IssueChanges = Partial<Parameters<AuthorizationCodeService['issue']>[0]>;

export { authorizationCodeTtl } from '../../src/oauth/authorization-codes.js';

/** A code of cli_app for usr_a in org_a, with the RFC 7636 challenge unless told otherwise. */
export function issueCode(codes: AuthorizationCodeService, now: number, input: IssueChanges = {}) {
  return codes.issue({
    clientId: 'cli_app',
    redirectUri,
    userId: 'usr_a',
    orgId: 'org_a',
    scopes: ['openid', 'parts:read'],
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    nonce: 'n-0S6_WzA2Mj',
    authTime: now - 30,
    ...input,
  });
}

/** The stored row of `code`. */
export const row = (db: Db, code: string) =>
  db
    .selectFrom('authorization_codes')
    .selectAll()
    .where('code_hash', '=', hasher.hash(code))
    .executeTakeFirstOrThrow();
