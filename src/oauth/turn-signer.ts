import { signJwt, type JwtClaims } from './signed-jwt.js';
import type { ActiveKey } from './signing-keys.js';

/** Signs a JWT as `signJwt` does, and answers it once it is signed. */
export type JwtSigner = (key: ActiveKey, typ: string, claims: JwtClaims) => Promise<string>;

interface Waiting {
  key: ActiveKey;
  typ: string;
  claims: JwtClaims;
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
 * middle of each request it found the CPU's caches full of that request's own work: 56–59 µs a
 * signature in the token endpoint under load, against about 40 µs in a loop. Made together,
 * the turn's signatures run at the loop's speed, and each request's work runs in two passes
 * over the turn's requests (up to the signature, then the answer), which keeps the code of each
 * pass in the caches too (bench/RESULTS.md, "Signatures of one turn made together").
 *
 * A token waits at most until the end of the turn in which it was asked for; with one request
 * a turn, that is one `setImmediate`. Nothing is held past the turn, and the number waiting is
 * bounded by the requests one turn handles. A token that cannot be signed (`signJwt` throws)
 * fails alone.
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
    for (const { key, typ, claims, resolve, reject } of turn) {
      try {
        resolve(signJwt(key, typ, claims));
      } catch (error) {
        reject(error);
      }
    }
  };
  return (key, typ, claims) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) schedule(signWaiting);
      waiting.push({ key, typ, claims, resolve, reject });
    });
}
