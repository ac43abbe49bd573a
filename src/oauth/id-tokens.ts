import { createHash } from 'node:crypto';
import type { Config, SigningAlgorithm } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { currentSigningKey } from './signed-jwt.js';
import { turnSigner, type JwtSigner } from './turn-signer.js';
import type { SigningKeyService } from './signing-keys.js';

/** What an ID token says of a person's sign-in, for the client it was issued to. */
export interface IdTokenInput {
  /** The person (`sub`), whose id is the same for every client (`subject_types_supported: public`). */
  userId: string;
  /** The client the token is for (`aud`). */
  clientId: string;
  /** The authorization request's nonce, if it had one (OpenID Connect Core §3.1.2.1). */
  nonce: string | null;
  /** When the person signed in, in seconds (§2 `auth_time`). */
  authTime: number;
  /** The access token issued with it, whose hash the ID token carries (§3.1.3.6 `at_hash`). */
  accessToken: string;
  /** When it expires: with the access token it came with, whose sign-in it reports. */
  expiresAt: number;
}

export interface IdTokenService {
  issue(input: IdTokenInput): Promise<string>;
}

/**
 * The hash `at_hash` is taken with (OpenID Connect Core §3.1.3.6): the one of the ID token's
 * `alg`: SHA-256 for ES256 and RS256. EdDSA names no hash of its own; our EdDSA keys are
 * Ed25519 (signing-keys.ts), which hashes with SHA-512 (RFC 8032 §5.1), and SHA-512 is what
 * the OpenID Connect working group agreed on for Ed25519 (its issue 1125) and what other
 * implementations check.
 */
const atHashDigest: Readonly<Record<SigningAlgorithm, string>> = {
  ES256: 'sha256',
  RS256: 'sha256',
  EdDSA: 'sha512',
};

/** §3.1.3.6: base64url of the left-most half of the hash of the access token's ASCII octets. */
export function atHash(accessToken: string, alg: SigningAlgorithm): string {
  const digest = createHash(atHashDigest[alg]).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * ID tokens (OpenID Connect Core §2, §3.1.3.3), signed as access tokens are, with the active
 * signing key, and published in the same key set. No `azp`: the only audience is the client
 * the token was issued to, which is the authorized party (§2).
 */
export function createIdTokenService({
  keys,
  clock,
  config,
  sign = turnSigner(),
}: {
  keys: Pick<SigningKeyService, 'refresh' | 'active'>;
  clock: Clock;
  config: Pick<Config, 'publicUrl'>;
  /**
   * Signs each token (turn-signer.ts): the server gives access and ID tokens the same signer
   * (services.ts); without one, the service makes its own.
   */
  sign?: JwtSigner;
}): IdTokenService {
  return {
    async issue({ userId, clientId, nonce, authTime, accessToken, expiresAt }) {
      const key = await currentSigningKey(keys);
      return sign(key, 'JWT', {
        iss: config.publicUrl,
        sub: userId,
        aud: clientId,
        exp: expiresAt,
        iat: clock.now(),
        auth_time: authTime,
        // §3.1.3.3 / §3.1.2.1: the nonce of the request, unmodified, when it sent one.
        ...(nonce === null ? {} : { nonce }),
        at_hash: atHash(accessToken, key.alg),
      });
    },
  };
}
