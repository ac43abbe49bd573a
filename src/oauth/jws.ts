import {
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { SigningAlgorithm } from '../config.js';

/**
 * JWS Compact Serialization (RFC 7515 §7.1) of Gatehouse's tokens, signed and verified with
 * `node:crypto` on KeyObjects: a synchronous call into OpenSSL, where WebCrypto costs an
 * asynchronous round trip several times the signature itself, on every token issued and
 * every request that presents one.
 */

interface Algorithm {
  /** The hash the signature is taken over; null: the scheme hashes the message itself. */
  digest: string | null;
  /** Whether a key is one this algorithm may use. */
  fits(key: KeyObject): boolean;
  /** The length in octets of every signature of `key`. */
  signatureLength(key: KeyObject): number;
}

const algorithms: Readonly<Record<SigningAlgorithm, Algorithm>> = {
  // RFC 7518 §3.4: ECDSA on P-256 with SHA-256; the signature is R || S, 32 octets each
  // (signed and verified below with `dsaEncoding: 'ieee-p1363'`, not DER).
  ES256: {
    digest: 'sha256',
    fits: (key) =>
      key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1',
    signatureLength: () => 64,
  },
  // RFC 8037 §3.1: Ed25519 (our EdDSA keys, signing-keys.ts), 64 octets (RFC 8032 §5.1.6).
  EdDSA: {
    digest: null,
    fits: (key) => key.asymmetricKeyType === 'ed25519',
    signatureLength: () => 64,
  },
  // RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256, a key of 2048 bits or more; the
  // signature is as long as the modulus (RFC 8017 §8.2.2).
  RS256: {
    digest: 'sha256',
    fits: (key) =>
      key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048,
    signatureLength: (key) => (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8,
  },
};

/** A key of `alg` from its JWK (RFC 7517); throws when the JWK is not a key of that algorithm. */
export function importJwk(
  jwk: JsonWebKey,
  alg: SigningAlgorithm,
  type: 'public' | 'private',
): KeyObject {
  const input = { key: jwk, format: 'jwk' } as const;
  const key = type === 'public' ? createPublicKey(input) : createPrivateKey(input);
  if (!algorithms[alg].fits(key)) throw new Error(`the ${type} key is not an ${alg} key`);
  return key;
}

/** BASE64URL(UTF8(JSON)) of a header or a claims set (RFC 7515 §7.1, RFC 7519 §7.1). */
export const encodeJsonSegment = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * RFC 7515 §7.1: the compact JWS of a signing input already made (§5.1 step 8: the encoded
 * header, a period, the encoded payload): the input, a period, and BASE64URL(signature). The
 * header is encoded once for every token of a key and type (`encodeJsonSegment`).
 */
export function signJws(
  alg: SigningAlgorithm,
  privateKey: KeyObject,
  signingInput: string,
): string {
  const signature = sign(algorithms[alg].digest, Buffer.from(signingInput, 'latin1'), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Whether `signature` is `key`'s signature of `signingInput` with `alg` (RFC 7515 §5.2 step 8). */
export type SignatureCheck = (
  alg: SigningAlgorithm,
  key: KeyObject,
  signingInput: string,
  signature: Buffer,
) => boolean;

export const checkSignature: SignatureCheck = (alg, key, signingInput, signature) => {
  const algorithm = algorithms[alg];
  // The key fits `alg` (importJwk); a signature of another length is not one of its.
  if (signature.length !== algorithm.signatureLength(key)) return false;
  try {
    return verify(
      algorithm.digest,
      Buffer.from(signingInput, 'latin1'),
      { key, dsaEncoding: 'ieee-p1363' },
      signature,
    );
  } catch {
    return false;
  }
};

/** A compact JWS taken apart, its header decoded; nothing of it verified yet. */
export interface SplitJws {
  header: Record<string, unknown>;
  /** The payload's segment, decoded once the signature is found good (`decodeJsonSegment`). */
  payload: string;
  signingInput: string;
  signature: Buffer;
}

/** Three base64url segments, as every compact JWS is (RFC 7515 §7.1); nothing decoded yet. */
export function isCompactJws(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * RFC 7515 §5.2 steps 1-3 for the compact serialization: exactly three segments, each in
 * canonical base64url, the header a JSON object. Undefined for anything else.
 */
export function splitJws(token: string): SplitJws | undefined {
  // Only the base64url alphabet: the signing input is then ASCII, one octet a character.
  if (!isCompactJws(token)) return undefined;
  const [encodedHeader = '', payload = '', encodedSignature = ''] = token.split('.');
  const header = decodeJsonSegment(encodedHeader);
  const signature = decodeSegment(encodedSignature);
  if (header === undefined || signature === undefined) return undefined;
  return { header, payload, signingInput: `${encodedHeader}.${payload}`, signature };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A segment holding a JSON object (a header, a claims set: RFC 7519 §7.2 steps 4-10). */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeSegment(segment);
  if (bytes === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * base64url without padding (RFC 7515 §2, RFC 4648 §5). Node decodes leniently (it skips
 * characters outside the alphabet and drops stray bits), so only the one canonical spelling
 * of the bytes is taken.
 */
function decodeSegment(segment: string): Buffer | undefined {
  if (segment === '') return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}
