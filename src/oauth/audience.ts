import type { Config } from '../config.js';

/** The surfaces whose own login issues tokens: each takes those tokens, and no other's. */
export type LoginSurface = 'partium' | 'patchworks';

/**
 * RFC 9068 §2.2 and §4: `aud` names the resource a token is for, and a resource refuses a
 * token meant for another. Tokens of the native token endpoint are for the management API
 * and the native resources (`config.audience`: ACCESS_TOKEN_AUDIENCE, else PUBLIC_URL); a
 * surface's own login issues tokens for that surface alone, under its own path.
 */
export function surfaceAudience(config: Pick<Config, 'publicUrl'>, surface: LoginSurface): string {
  return `${config.publicUrl}/${surface}`;
}

/** Every audience this server issues tokens for: introspection and revocation find any. */
export function issuedAudiences(config: Pick<Config, 'publicUrl' | 'audience'>): string[] {
  return [
    config.audience,
    surfaceAudience(config, 'partium'),
    surfaceAudience(config, 'patchworks'),
  ];
}
