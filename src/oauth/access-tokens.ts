import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { joinList, splitList } from '../lib/lists.js';
import { newId } from '../lib/random.js';
import type { Role } from '../orgs/roles.js';
import { isRole } from '../orgs/roles.js';
import { credentialEntry, type DenyList } from './deny-list.js';
import { currentSigningKey, signJwt } from './signed-jwt.js';
import type { SigningKeyService } from './signing-keys.js';

export type SubjectType = 'user' | 'api_key' | 'client' | 'integration';
const subjectTypes: readonly string[] = ['user', 'api_key', 'client', 'integration'];

/** What an access token says, once verified. */
export interface AccessTokenClaims {
  jti: string;
  sub: string;
  subType: SubjectType;
  clientId: string;
  orgId: string;
  scopes: string[];
  role: Role | null;
  iat: number;
  exp: number;
  aud: string;
  iss: string;
}

export type IssueInput = Pick<
  AccessTokenClaims,
  'sub' | 'subType' | 'clientId' | 'orgId' | 'scopes' | 'role'
> & {
  ttl: number;
  /**
   * The token expires at this time if that comes before `ttl` is up; null: no bound. The
   * issuer caps `ttl` too, but a second may pass before `iat` is read here.
   */
  notAfter?: number | null;
  /** `aud`: the native audience (`config.audience`) unless a surface issues for itself. */
  audience?: string;
};

export interface AccessTokenService {
  issue(input: IssueInput): Promise<{ token: string; jti: string; expiresAt: number }>;
  /**
   * The claims of a valid, unexpired, unrevoked token issued for `audience` (for one of
   * them, given a list); invalid_token otherwise, a token for another audience included.
   */
  verify(token: string, audience: string | readonly string[]): Promise<AccessTokenClaims>;
  revoke(claims: Pick<AccessTokenClaims, 'jti' | 'exp'>): Promise<void>;
}

/** How far ahead of this server's clock another instance's `iat` may be (clock skew). */
const issuedAtSkewSeconds = 60;

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

export function createAccessTokenService({
  keys,
  denyList,
  clock,
  config,
}: {
  keys: SigningKeyService;
  denyList: DenyList;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'audience'>;
}): AccessTokenService {
  // A bearer credential (RFC 6750 §3.1): a surface answers it with its challenge.
  const invalid = () =>
    new DomainError('credential_invalid', 'the access token is invalid, expired or revoked', {
      subject: 'bearer',
    });

  return {
    // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope (§2.2.3); roles (§2.2.3.1).
    async issue(input) {
      const key = await currentSigningKey(keys);
      const iat = clock.now();
      const exp = Math.min(iat + input.ttl, input.notAfter ?? Number.POSITIVE_INFINITY);
      const jti = newId('at');
      const token = await signJwt(key, 'at+jwt', {
        client_id: input.clientId,
        // RFC 9068 §2.2.3: scope, when the token carries any.
        ...(input.scopes.length > 0 ? { scope: joinList(input.scopes) } : {}),
        org: input.orgId,
        sub_type: input.subType,
        ...(input.role === null ? {} : { roles: [input.role] }),
        iss: config.publicUrl,
        sub: input.sub,
        aud: input.audience ?? config.audience,
        iat,
        exp,
        jti,
      });
      return { token, jti, expiresAt: exp };
    },

    async verify(token, audience) {
      if (!looksLikeJwt(token)) throw invalid();
      let kid: string | undefined;
      try {
        kid = decodeProtectedHeader(token).kid;
      } catch {
        throw invalid();
      }
      const key = kid === undefined ? undefined : await keys.publicKey(kid);
      if (key === undefined) throw invalid();
      try {
        // RFC 9068 §4: check typ, iss, aud, exp, and the algorithm of the key.
        const { payload } = await jwtVerify(token, key.key, {
          typ: 'at+jwt',
          issuer: config.publicUrl,
          audience: typeof audience === 'string' ? audience : [...audience],
          algorithms: [key.alg],
          currentDate: new Date(clock.now() * 1000),
          requiredClaims: ['jti', 'sub', 'exp', 'iat', 'client_id', 'org'],
        });
        const claims = toClaims(payload);
        // RFC 7519 §4.1.6: a token issued in the future was not issued by any clock of ours.
        if (claims === undefined || claims.iat > clock.now() + issuedAtSkewSeconds) throw invalid();
        if (isRefused(claims)) throw invalid();
        return claims;
      } catch (error) {
        // Only a token that fails a check is refused; anything else (a failing store) is not.
        throw error instanceof joseErrors.JOSEError ? invalid() : error;
      }
    },

    async revoke({ jti, exp }) {
      await denyList.revoke(jti, exp);
    },
  };

  // Refused: the token itself was revoked, or the client or API key it was issued to was
  // revoked at or after the moment it was issued.
  function isRefused(claims: AccessTokenClaims): boolean {
    const entries = [claims.jti, credentialEntry('client', claims.clientId)];
    if (claims.subType === 'api_key') entries.push(credentialEntry('api_key', claims.sub));
    return entries.some((entry) => {
      const at = denyList.revokedAt(entry);
      return at !== undefined && claims.iat <= at;
    });
  }
}

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
