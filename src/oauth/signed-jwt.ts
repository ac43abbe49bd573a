import { SignJWT, type JWTPayload } from 'jose';
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

/**
 * A JWS of `claims` (RFC 7519) signed with `key`. The header names the key's algorithm, the
 * token's type (`typ`, RFC 7515 §4.1.9) and the key (`kid`, §4.1.4), so that a verifier
 * picks the key out of the published set.
 */
export function signJwt(key: ActiveKey, typ: string, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ, kid: key.kid })
    .sign(key.privateKey);
}
