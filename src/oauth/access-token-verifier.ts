import { maxAccessTokenTtl, type Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { splitList } from '../lib/lists.js';
import { isRole } from '../orgs/roles.js';
import type { AccessTokenClaims, SubjectType } from './access-tokens.js';
import { credentialEntry, instanceClockSkew, signingKeyEntry, type DenyList } from './deny-list.js';
import { checkSignature as nodeSignatureCheck, decodeJsonSegment, splitJws } from './jws.js';
import type { SignatureCheck } from './jws.js';
import type { SigningKeyService } from './signing-keys.js';
import { createVerifiedTokens, type VerifiedTokens } from './verified-tokens.js';

/** What a verified access token was found to say, remembered while it may be presented again. */
export interface VerifiedAccessToken {
  claims: AccessTokenClaims;
  /** The key that signed it, whose revocation refuses it. */
  kid: string;
  /** `nbf` (RFC 7519 §4.1.5), when it has one. */
  notBefore: number | undefined;
}

/** The claims of a valid access token for one of `audience`; undefined when it is refused. */
export type AccessTokenVerifier = (
  token: string,
  audience: string | readonly string[],
) => Promise<AccessTokenClaims | undefined>;

/**
 * How long after a credential's revocation another instance may still issue a token from it:
 * it holds the API key or client in memory (store/lookup-cache.ts) until the revocation
 * reaches it, within the one-second sync (milliseconds with Redis), and its clock may be
 * ahead by as much as the sync allows for. A token of the credential issued that soon after
 * its revocation is refused as one issued before it; none issued later can exist, but a
 * credential re-created under the same id (`gatehouse sandbox reset`) is honoured again.
 */
const revocationReach = instanceClockSkew + 2;

/** How far ahead of this server's clock another instance's `iat` may be (clock skew). */
const issuedAtSkewSeconds = 60;

const subjectTypes: readonly string[] = ['user', 'api_key', 'client', 'integration'];

/**
 * Access tokens verified as RFC 9068 §4 asks, with `node:crypto` (jws.ts), each at most once:
 * the header must name our token type, a published key and that key's algorithm; then the
 * signature; then `iss`, `aud`, `exp`, `iat`, `nbf` and the claims Gatehouse requires; then
 * the deny list. A token that passes is remembered (verified-tokens.ts) until it expires, and
 * when presented again only what can change since is checked again, in memory: the clock,
 * the audience asked for, and the deny list, revoked signing keys included, so that a
 * revocation is as immediate as before. A token that fails is not remembered.
 *
 * A store that fails while an unknown key is looked up throws: it is not a refusal.
 */
export function createAccessTokenVerifier({
  keys,
  denyList,
  clock,
  config,
  checkSignature = nodeSignatureCheck,
  verifiedTokens = createVerifiedTokens(),
}: {
  keys: Pick<SigningKeyService, 'publicKey' | 'isPublished'>;
  denyList: Pick<DenyList, 'revokedAt'>;
  clock: Clock;
  config: Pick<Config, 'publicUrl'>;
  checkSignature?: SignatureCheck;
  verifiedTokens?: VerifiedTokens<VerifiedAccessToken>;
}): AccessTokenVerifier {
  // Refused: the token itself was revoked, or the client or API key it was issued to was
  // revoked at or after the moment it was issued (or just before, see revocationReach), or
  // the key that signed it was revoked.
  function isRefused({ claims, kid }: VerifiedAccessToken): boolean {
    // The key's own revocation entry lapses a day after it; its absence from the loaded keys
    // does not, so that a token remembered here is never honoured again once it lapses.
    if (denyList.revokedAt(signingKeyEntry(kid)) !== undefined || !keys.isPublished(kid)) {
      return true;
    }
    const entries = [claims.jti, credentialEntry('client', claims.clientId)];
    if (claims.subType === 'api_key') entries.push(credentialEntry('api_key', claims.sub));
    return entries.some((entry) => {
      const at = denyList.revokedAt(entry);
      return at !== undefined && claims.iat <= at + revocationReach;
    });
  }

  /** What may change between two presentations of the same token. */
  function isLive(token: VerifiedAccessToken, audience: string | readonly string[], now: number) {
    const { claims, notBefore } = token;
    return (
      // RFC 7519 §4.1.4, §4.1.5: not after `exp`, not before `nbf`.
      claims.exp > now &&
      (notBefore === undefined || notBefore <= now) &&
      // RFC 7519 §4.1.6: a token issued in the future was not issued by any clock of ours.
      claims.iat <= now + issuedAtSkewSeconds &&
      // RFC 9068 §4: a token for another resource is refused here.
      (typeof audience === 'string' ? claims.aud === audience : audience.includes(claims.aud)) &&
      !isRefused(token)
    );
  }

  /** RFC 9068 §4 and RFC 7515 §5.2, for a token not seen before. */
  async function verifyAnew(token: string): Promise<VerifiedAccessToken | undefined> {
    const jws = splitJws(token);
    if (jws === undefined) return undefined;
    const { header } = jws;
    const { alg, kid, typ } = header;
    if (
      // RFC 9068 §4: `at+jwt`, which is `application/at+jwt` (RFC 7515 §4.1.9).
      typeof typ !== 'string' ||
      mediaType(typ) !== 'application/at+jwt' ||
      // RFC 7515 §4.1.11: no extension we would have to understand, such as an unencoded
      // payload (RFC 7797 `b64`): our tokens use none.
      Object.hasOwn(header, 'crit') ||
      Object.hasOwn(header, 'b64') ||
      typeof alg !== 'string' ||
      typeof kid !== 'string'
    ) {
      return undefined;
    }
    const key = await keys.publicKey(kid);
    // RFC 8725 §3.1: the algorithm is the key's own, never one the token chooses (no `none`,
    // no HMAC keyed with a public key, no other asymmetric algorithm).
    if (key === undefined || alg !== key.alg) return undefined;
    if (!checkSignature(key.alg, key.key, jws.signingInput, jws.signature)) return undefined;
    const payload = decodeJsonSegment(jws.payload);
    const claims = payload && toClaims(payload);
    if (payload === undefined || claims === undefined) return undefined;
    const { nbf } = payload;
    if (nbf !== undefined && typeof nbf !== 'number') return undefined;
    // RFC 9068 §4: the issuer is this server, exactly.
    if (claims.iss !== config.publicUrl) return undefined;
    // Every caller that presents the token again gets the same claims: none may change them.
    Object.freeze(claims.scopes);
    return { claims: Object.freeze(claims), kid, notBefore: nbf };
  }

  return async (token, audience) => {
    const now = clock.now();
    const remembered = verifiedTokens.get(token, now);
    if (remembered !== undefined) {
      return isLive(remembered, audience, now) ? remembered.claims : undefined;
    }
    const verified = await verifyAnew(token);
    // The clock again: finding the key may have taken a store round trip.
    const verifiedAt = clock.now();
    if (verified === undefined || !isLive(verified, audience, verifiedAt)) return undefined;
    // Until it expires; for no longer than a revocation stays on the deny list (as long as
    // an access token may live), so that a revoked key's token, however long it claims to
    // be valid, is never found here once the deny list has let go of the key.
    const until = Math.min(verified.claims.exp, verifiedAt + maxAccessTokenTtl);
    verifiedTokens.remember(token, verified, until);
    return verified.claims;
  };
}

/** RFC 7515 §4.1.9: a media type, `application/` left out when it has no other `/`. */
function mediaType(typ: string): string {
  const lower = typ.toLowerCase();
  return typ.includes('/') ? lower : `application/${lower}`;
}

/** RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; and Gatehouse's org and sub_type. */
function toClaims(payload: Record<string, unknown>): AccessTokenClaims | undefined {
  const { jti, sub, sub_type, client_id, org, scope, iat, exp, aud, iss, roles } = payload;
  if (
    typeof jti !== 'string' ||
    typeof sub !== 'string' ||
    typeof sub_type !== 'string' ||
    !subjectTypes.includes(sub_type) ||
    typeof client_id !== 'string' ||
    typeof org !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    typeof aud !== 'string' ||
    typeof iss !== 'string'
  ) {
    return undefined;
  }
  const role =
    Array.isArray(roles) && typeof roles[0] === 'string' && isRole(roles[0]) ? roles[0] : null;
  return {
    jti,
    sub,
    subType: sub_type as SubjectType,
    clientId: client_id,
    orgId: org,
    scopes: splitList(typeof scope === 'string' ? scope : ''),
    role,
    iat,
    exp,
    aud,
    iss,
  };
}
