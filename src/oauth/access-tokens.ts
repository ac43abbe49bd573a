import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { joinList } from '../lib/lists.js';
import { newId } from '../lib/random.js';
import type { Role } from '../orgs/roles.js';
import { createAccessTokenVerifier, type VerifiedAccessToken } from './access-token-verifier.js';
import type { DenyList } from './deny-list.js';
import type { SignatureCheck } from './jws.js';
import { currentSigningKey } from './signed-jwt.js';
import { turnSigner, type JwtSigner } from './turn-signer.js';
import type { SigningKeyService } from './signing-keys.js';
import type { VerifiedTokens } from './verified-tokens.js';

export type SubjectType = 'user' | 'api_key' | 'client' | 'integration';

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

/** Whether a presented credential has the shape of a JWT (a compact JWS), not of a key. */
export { isCompactJws as looksLikeJwt } from './jws.js';

export function createAccessTokenService({
  keys,
  denyList,
  clock,
  config,
  checkSignature,
  verifiedTokens,
  sign = turnSigner(),
}: {
  keys: SigningKeyService;
  denyList: DenyList;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'audience'>;
  /** How a signature is checked: `node:crypto` (jws.ts) unless a test counts the checks. */
  checkSignature?: SignatureCheck;
  /** Where verified tokens are remembered: 10,000 of them unless a test says otherwise. */
  verifiedTokens?: VerifiedTokens<VerifiedAccessToken>;
  /**
   * Signs each token (turn-signer.ts): the server gives access and ID tokens the same signer
   * (services.ts); without one, the service makes its own.
   */
  sign?: JwtSigner;
}): AccessTokenService {
  // A bearer credential (RFC 6750 §3.1): a surface answers it with its challenge.
  const invalid = () =>
    new DomainError('credential_invalid', 'the access token is invalid, expired or revoked', {
      subject: 'bearer',
    });
  const verified = createAccessTokenVerifier({
    keys,
    denyList,
    clock,
    config,
    ...(checkSignature ? { checkSignature } : {}),
    ...(verifiedTokens ? { verifiedTokens } : {}),
  });

  return {
    // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope (§2.2.3); roles (§2.2.3.1).
    async issue(input) {
      const key = await currentSigningKey(keys);
      const iat = clock.now();
      const exp = Math.min(iat + input.ttl, input.notAfter ?? Number.POSITIVE_INFINITY);
      const jti = newId('at');
      const token = await sign(key, 'at+jwt', {
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
      const claims = await verified(token, audience);
      if (claims === undefined) throw invalid();
      return claims;
    },

    async revoke({ jti, exp }) {
      await denyList.revoke(jti, exp);
    },
  };
}
