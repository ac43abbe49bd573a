import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { SigningAlgorithm } from '../../src/config.js';
import { systemClock } from '../../src/lib/clock.js';
import { createSealer } from '../../src/lib/sealing.js';
import { createAccessTokenService } from '../../src/oauth/access-tokens.js';
import { createDenyList } from '../../src/oauth/deny-list.js';
import { signJwt } from '../../src/oauth/signed-jwt.js';
import { createSigningKeyService } from '../../src/oauth/signing-keys.js';
import { createDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/** What every access token of the crypto scenario carries: Gatehouse's RFC 9068 claims. */
export const issuer = 'http://127.0.0.1:8080';
export function accessTokenClaims() {
  const iat = Math.floor(Date.now() / 1000);
  return {
    client_id: 'partner_demo_client',
    org: 'org_partner_demo',
    sub_type: 'client',
    iss: issuer,
    sub: 'partner_demo_client',
    aud: issuer,
    iat,
    exp: iat + 3600,
    jti: 'at_benchmark0000000',
  };
}

/** A key id as long as Gatehouse's (a JWK thumbprint, RFC 7638), so that tokens are alike. */
const kid = randomBytes(32).toString('base64url');

/** A JWS signer and verifier of one algorithm, as one implementation does it. */
export interface Signer {
  sign(): Promise<string> | string;
  /** Verifies a token this signer signed: signature, `typ`, `iss`, `aud`, `exp`. */
  verify(token: string): Promise<unknown> | unknown;
}

export interface Implementation {
  name: string;
  label: string;
  make(alg: SigningAlgorithm): Promise<Signer>;
}

/**
 * The columns of the crypto scenario: the first is the floor the others are set against.
 * Adding a column is adding a line here.
 */
export const implementations: readonly Implementation[] = [
  { name: 'node', label: 'node:crypto (sync, KeyObject)', make: nodeCryptoSigner },
  { name: 'jose', label: 'jose 6 (WebCrypto)', make: joseSigner },
  {
    name: 'gatehouse',
    label: 'Gatehouse (signed-jwt.ts, access-tokens.ts)',
    make: gatehouseSigner,
  },
];

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The floor: node:crypto's synchronous sign and verify on KeyObjects, JSON and base64url by hand. */
async function nodeCryptoSigner(alg: SigningAlgorithm): Promise<Signer> {
  const { privateKey, publicKey } = nodeKeyPair(alg);
  const digest = alg === 'EdDSA' ? null : 'sha256';
  const options = (key: KeyObject) =>
    alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  const header = b64({ alg, typ: 'at+jwt', kid });
  return {
    sign() {
      const input = `${header}.${b64(accessTokenClaims())}`;
      return `${input}.${sign(digest, Buffer.from(input), options(privateKey)).toString('base64url')}`;
    },
    verify(token) {
      const [head = '', body = '', signature = ''] = token.split('.');
      const input = Buffer.from(`${head}.${body}`);
      if (!verify(digest, input, options(publicKey), Buffer.from(signature, 'base64url'))) {
        throw new Error('bad signature');
      }
      const protectedHeader = JSON.parse(Buffer.from(head, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const now = Date.now() / 1000;
      if (protectedHeader.alg !== alg || protectedHeader.typ !== 'at+jwt')
        throw new Error('bad header');
      if (claims.iss !== issuer || claims.aud !== issuer) throw new Error('bad claims');
      if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('expired');
      return claims;
    },
  };
}

function nodeKeyPair(alg: SigningAlgorithm) {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** jose with WebCrypto keys, as Gatehouse signed until now. */
async function joseSigner(alg: SigningAlgorithm): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'EdDSA' ? { crv: 'Ed25519' } : {},
  );
  return {
    sign: () =>
      new SignJWT(accessTokenClaims())
        .setProtectedHeader({ alg, typ: 'at+jwt', kid })
        .sign(privateKey),
    verify: (token) =>
      jwtVerify(token, publicKey, { typ: 'at+jwt', issuer, audience: issuer, algorithms: [alg] }),
  };
}

/**
 * Gatehouse's own: its signing-key service on an in-memory store (keys made, sealed and
 * loaded as the server does), `signJwt` of oauth/signed-jwt.ts to sign, and the access-token
 * service's `verify` (signature and every claim check, deny list included) to verify.
 */
async function gatehouseSigner(alg: SigningAlgorithm): Promise<Signer> {
  const db = createDatabase('sqlite::memory:');
  await migrateToLatest(db);
  const clock = systemClock;
  const denyList = createDenyList({ db, clock });
  const keys = createSigningKeyService({
    db,
    clock,
    alg,
    sealer: createSealer(randomBytes(32)),
    denyList,
  });
  await keys.init();
  const accessTokens = createAccessTokenService({
    keys,
    denyList,
    clock,
    config: { publicUrl: issuer, audience: issuer },
  });
  const key = keys.active();
  return {
    sign: () => signJwt(key, 'at+jwt', accessTokenClaims()),
    verify: (token) => accessTokens.verify(token, issuer),
  };
}
