import type { SubjectType } from '../oauth/access-tokens.js';
import type { Role } from '../orgs/roles.js';

/** What every credential resolves to. Routes ask for what they need of it. */
export interface Principal {
  orgId: string;
  subject: { type: SubjectType; id: string };
  role: Role | null;
  scopes: string[];
  credential: { type: 'access_token' | 'api_key'; id: string; expiresAt: number | null };
  /** The OAuth client a token was issued to; null for an API key used directly. */
  clientId: string | null;
}
