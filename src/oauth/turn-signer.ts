import { signJws } from './jws.js';
import { jwtSigningInput, type JwtClaims } from './signed-jwt.js';
import type { ActiveKey } from './signing-keys.js';

/** Signs a JWT as `signJwt` does, and answers it once it is signed. */
export type JwtSigner = (key: ActiveKey, typ: string, claims: JwtClaims) => Promise<string>;

interface Waiting {
  key: ActiveKey;
  signingInput: string;
  resolve(token: string): void;
  reject(error: unknown): void;
}

/**
 * A signer that makes the signatures asked for during one turn of the event loop together,
 * one after another, once the turn's I/O has been handled (`setImmediate`).
 *
 * Under load, one turn handles many requests: each socket that has a request waiting gets its
 * callback, and a token request runs to its signature within it. An ES256 signature reads
 * OpenSSL's P-256 tables (a constant-time lookup reads the whole of each), and made in the
 * middle of each request it found the CPU's caches full of that request's own work: 56–63 µs a
 * signature in the token endpoint under load, against 35–37 µs in a loop. Made together, the
 * turn's signatures cost about 40 µs each, and each request's work runs in two passes over the
 * turn's requests (up to the signature, then the answer), which keeps the code of each pass in
 * the caches too (bench/RESULTS.md, "Signatures of one turn made together").
 *
 * - The claims are encoded when the token is asked for (a later change to them is not signed),
 *   and a token that cannot be encoded fails at once; only the signature waits.
 * - A token waits until the end of the turn in which it was asked for: with one request a turn,
 *   one `setImmediate`. A token asked for by a caller that waited for one of this turn's (an
 *   ID token, which names its access token's hash) is signed at the end of the next turn.
 * - The event loop is busy for as long as before: the same signatures, in the same turn. The
 *   first answers of a turn wait for its last signature, which is what a slow algorithm (RS256,
 *   about a millisecond) makes longer.
 * - The key was chosen when the token was asked for. A key revoked on this instance during the
 *   turn may still sign its tokens, as another instance's may until the revocation reaches it;
 *   the verifier refuses a revoked key's tokens either way.
 * - A token whose signature fails (`node:crypto` throws) fails alone.
 * - `schedule` is taken when the signer is made: a signer made under a test's fake timers
 *   answers only when they run.
 */
export function turnSigner({
  schedule = setImmediate,
}: {
  /** Runs `sign` once the turn's I/O is handled. */
  schedule?: (sign: () => void) => void;
} = {}): JwtSigner {
  let waiting: Waiting[] = [];
  const signWaiting = () => {
    const turn = waiting;
    waiting = [];
    for (const { key, signingInput, resolve, reject } of turn) {
      try {
        resolve(signJws(key.alg, key.privateKey, signingInput));
      } catch (error) {
        reject(error);
      }
    }
  };
  return (key, typ, claims) => {
    let signingInput: string;
    try {
      signingInput = jwtSigningInput(key, typ, claims);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      waiting.push({ key, signingInput, resolve, reject });
      if (waiting.length === 1) schedule(signWaiting);
    });
  };
}
