import type { Client } from '../../clients/service.js';
import { DomainError } from '../../errors.js';
import type { Grant } from '../token-issuer.js';
import { requireActsFor } from './client-org.js';
import type { GrantDeps, GrantRequest } from './types.js';

/**
 * RFC 6749 §4.1.3: the code the authorization endpoint sent to the client's redirect URI,
 * exchanged for tokens, with its PKCE verifier (RFC 7636 §4.5). The code binds everything
 * (client, redirect URI, person, org, scopes, nonce, sign-in time); authorization-codes.ts
 * checks every binding before it spends the code by one conditional statement. With the
 * `openid` scope the response also carries an ID token (OpenID Connect Core §3.1.3.3).
 */
export const grantType = 'authorization_code';
/** §4.1.3: `redirect_uri` is required, as the authorization endpoint always requires it. */
export const parameters = ['code', 'redirect_uri'] as const;
/**
 * A public client redeems its codes with `client_id` alone (§4.1.3, RFC 6749 §2.3): PKCE,
 * which it must use, proves that it is the one that asked for the code (RFC 9700 §2.1.1).
 */
export const publicClients = true;
/** The code travels to a redirect URI, so a client with this grant must register one. */
export const redirects = true;

const invalidCode = 'the authorization code is invalid, expired or used';
const withdrawn = 'the grant behind this authorization code was withdrawn';

/** A code presented at the token endpoint by the client it was issued to. */
export interface CodeRedemption {
  client: Client;
  code: string;
  redirectUri: string;
  /** RFC 7636 §4.5 `code_verifier`. */
  codeVerifier?: string;
}

/**
 * The grant of a code. A bad, spent, expired or mismatched code, and a wrong verifier, are
 * `credential_invalid` (`invalid_grant`); a malformed verifier is `invalid_input`. A person
 * who has left the code's org since, or an org the client no longer acts for, withdraws the
 * grant: the code is spent, and nothing is issued from it.
 */
export async function resolveAuthorizationCode(
  { client, code, redirectUri, codeVerifier }: CodeRedemption,
  deps: Pick<GrantDeps, 'authorizationCodes' | 'users'>,
): Promise<Grant> {
  // RFC 9700 §2.1.1: a client registered to use PKCE redeems no code without its verifier,
  // not even one issued without a challenge. Refused before the code is spent.
  if (client.pkceRequired && codeVerifier === undefined) {
    throw new DomainError('credential_invalid', invalidCode);
  }
  const redeemed = await deps.authorizationCodes.redeem(code, {
    clientId: client.id,
    redirectUri,
    codeVerifier,
  });
  requireActsFor(client, redeemed.orgId, withdrawn);
  // The role is the one the person holds now, as the password grant and a refresh read it.
  const role = await deps.users.roleIn(redeemed.userId, redeemed.orgId);
  if (role === undefined) throw new DomainError('credential_invalid', withdrawn);
  return {
    client,
    orgId: redeemed.orgId,
    subjectType: 'user',
    subjectId: redeemed.userId,
    role,
    scopes: redeemed.scopes,
    refresh: client.grantTypes.includes('refresh_token'),
    ...(redeemed.scopes.includes('openid')
      ? { idToken: { nonce: redeemed.nonce, authTime: redeemed.authTime } }
      : {}),
  };
}

export async function handle({ client, params }: GrantRequest, deps: GrantDeps) {
  const code = params.code ?? '';
  const grant = await resolveAuthorizationCode(
    { client, code, redirectUri: params.redirect_uri ?? '', codeVerifier: params.code_verifier },
    deps,
  );
  const { response, accessJti, accessExpiresAt, refreshFamilyId } =
    await deps.issuer.issueTokens(grant);
  // Kept on the code, so that the code presented again revokes them (RFC 6749 §4.1.2); a
  // replay that came while they were issued revokes them here.
  await deps.authorizationCodes.recordIssued(code, { accessJti, accessExpiresAt, refreshFamilyId });
  return response;
}
