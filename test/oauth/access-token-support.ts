import { sign } from 'node:crypto';
import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import { decodeSecretKey, type SigningAlgorithm } from '../../src/config.js';
import { createSealer } from '../../src/lib/sealing.js';
import type { VerifiedAccessToken } from '../../src/oauth/access-token-verifier.js';
import {
  createAccessTokenService,
  type AccessTokenService,
  type IssueInput,
} from '../../src/oauth/access-tokens.js';
import { createDenyList, type DenyList } from '../../src/oauth/deny-list.js';
import { checkSignature, type SignatureCheck } from '../../src/oauth/jws.js';
import {
  createSigningKeyService,
  type ActiveKey,
  type SigningKeyService,
} from '../../src/oauth/signing-keys.js';
import { createVerifiedTokens, type VerifiedTokens } from '../../src/oauth/verified-tokens.js';
import { testSecretKey } from '../helpers/app.js';
import type { ServiceStore } from '../helpers/service-store.js';

export const issuer = 'https://auth.example';
export const surfaceAudience = 'https://auth.example/partium';

/** What every refused access token gets, whatever was wrong with it. */
export const refused = {
  name: 'DomainError',
  outcome: 'credential_invalid',
  subject: 'bearer',
  message: 'the access token is invalid, expired or revoked',
};

/** A user's access token of a client, for the native audience, living 600 seconds. */
export const userToken: IssueInput = {
  sub: 'usr_dev',
  subType: 'user',
  clientId: 'cli_spa',
  orgId: 'org_demo',
  scopes: ['orgs:read', 'keys:write'],
  role: 'developer',
  ttl: 600,
};

export interface TokenServices {
  keys: SigningKeyService;
  denyList: DenyList;
  tokens: AccessTokenService;
  verifiedTokens: VerifiedTokens<VerifiedAccessToken>;
  /** How many signatures the service has checked so far. */
  signatureChecks(): number;
}

/**
 * An instance's access-token service on the test's store, its signing keys started, with
 * `node:crypto`'s signature check counted and room for `maxEntries` verified tokens.
 */
export async function startTokenServices(
  { db, clock }: ServiceStore,
  { alg = 'ES256', maxEntries }: { alg?: SigningAlgorithm; maxEntries?: number } = {},
): Promise<TokenServices> {
  const denyList = createDenyList({ db, clock });
  const sealer = createSealer(decodeSecretKey(testSecretKey));
  const keys = createSigningKeyService({ db, clock, alg, sealer, denyList });
  await keys.init();
  let checks = 0;
  const counted: SignatureCheck = (...args) => {
    checks += 1;
    return checkSignature(...args);
  };
  const verifiedTokens = createVerifiedTokens<VerifiedAccessToken>(
    maxEntries === undefined ? {} : { maxEntries },
  );
  const tokens = createAccessTokenService({
    keys,
    denyList,
    clock,
    config: { publicUrl: issuer, audience: issuer },
    checkSignature: counted,
    verifiedTokens,
  });
  return { keys, denyList, tokens, verifiedTokens, signatureChecks: () => checks };
}

/** The claims of a token the service issued, to forge variants of. */
export async function issuedClaims(services: TokenServices): Promise<JWTPayload> {
  return decodeJwt((await services.tokens.issue(userToken)).token);
}

/** Signed by jose, apart from Gatehouse's signer, with `key` and `header` as given. */
export function joseSigned(
  key: Pick<ActiveKey, 'privateKey'>,
  header: { alg: string; typ?: string; kid?: string; [name: string]: unknown },
  claims: JWTPayload,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
}

const segment = (text: string) => Buffer.from(text).toString('base64url');

/**
 * The header and payload segments as given, signed with `key`: whatever they hold, the
 * signature over them is good, so that only what they hold can refuse the token.
 */
export function rawSigned(key: ActiveKey, header: string, payload: string): string {
  const input = `${header}.${payload}`;
  const digest = key.alg === 'EdDSA' ? null : 'sha256';
  const signature = sign(digest, Buffer.from(input), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

/** `rawSigned` of JSON texts, base64url-encoded. */
export function rawSignedJson(key: ActiveKey, header: string, payload: string): string {
  return rawSigned(key, segment(header), segment(payload));
}

/** The header a server's access token has, for `key`. */
export const accessTokenHeader = (key: ActiveKey) =>
  JSON.stringify({ alg: key.alg, typ: 'at+jwt', kid: key.kid });

export async function expectRefused(pending: Promise<unknown>): Promise<void> {
  await expect(pending).rejects.toMatchObject(refused);
}
