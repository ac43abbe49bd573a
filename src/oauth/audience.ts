import type { Config } from '../config.js';

/**
 * RFC 9068 §2.2 and §4: `aud` names the resource a token is for, and a resource refuses a
 * token meant for another. Tokens of the native token endpoint are for the management API
 * and the native resources (`config.audience`: ACCESS_TOKEN_AUDIENCE, else PUBLIC_URL); a
 * surface whose own login issues tokens declares its audience with this, under its own path,
 * and takes those tokens and no other's.
 */
export function surfaceAudience(config: Pick<Config, 'publicUrl'>, path: string): string {
  return `${config.publicUrl}/${path}`;
}
