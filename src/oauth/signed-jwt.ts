import type { KeyObject } from 'node:crypto';
import { encodeJsonSegment, signJws } from './jws.js';
import type { ActiveKey, SigningKeyService } from './signing-keys.js';

/**
 * The key to sign with now: the active key, after a reload if another instance or the CLI
 * rotated or revoked one since (signing-keys.ts). Access tokens and ID tokens alike.
 */
export async function currentSigningKey(
  keys: Pick<SigningKeyService, 'refresh' | 'active'>,
): Promise<ActiveKey> {
  await keys.refresh();
  return keys.active();
}

/** A JWT's claims (RFC 7519 §4), as JSON. */
export type JwtClaims = Readonly<Record<string, unknown>>;

/**
 * A JWS of `claims` (RFC 7519 §7.1) signed with `key`, synchronously. The header names the
 * key's algorithm, the token's type (`typ`, RFC 7515 §4.1.9) and the key (`kid`, §4.1.4), so
 * that a verifier picks the key out of the published set.
 */
export function signJwt(key: ActiveKey, typ: string, claims: JwtClaims): string {
  return signJws(key.alg, key.privateKey, jwtSigningInput(key, typ, claims));
}

/**
 * What `signJwt` signs (RFC 7515 §5.1): the encoded header and claims. Throws, as `signJwt`
 * does, for claims no verifier would accept.
 */
export function jwtSigningInput(key: ActiveKey, typ: string, claims: JwtClaims): string {
  // JSON has no Infinity: it would be written as null, a token no verifier accepts.
  for (const time of ['iat', 'nbf', 'exp']) {
    const value = claims[time];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`the "${time}" claim must be a finite number`);
    }
  }
  return `${encodedHeader(key, typ)}.${encodeJsonSegment(claims)}`;
}

/** Each key's encoded header for each token type, encoded once rather than at every token. */
const headers = new WeakMap<KeyObject, Map<string, string>>();

function encodedHeader({ alg, kid, privateKey }: ActiveKey, typ: string): string {
  let byType = headers.get(privateKey);
  if (byType === undefined) headers.set(privateKey, (byType = new Map()));
  let header = byType.get(typ);
  // A key has one kid and one alg; the types are the few this code signs.
  if (header === undefined) byType.set(typ, (header = encodeJsonSegment({ alg, typ, kid })));
  return header;
}
