import type { Generated } from 'kysely';

/**
 * Table types. Times are whole seconds since the epoch; lists (grant types, scopes,
 * redirect URIs) are space-separated, as OAuth writes them. No secret is stored in clear:
 * columns named *_hash hold a keyed hash (lib/hash.ts) or an argon2id hash (passwords).
 */
export interface Database {
  settings: { name: string; value: string };
  orgs: { id: string; name: string; kind: string | null; created_at: number; scopes: string };
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    created_at: number;
  };
  memberships: {
    org_id: string;
    user_id: string;
    role: string;
    created_at: number;
    seq: Generated<number>;
  };
  clients: {
    id: string;
    org_id: string;
    name: string;
    type: string;
    secret_hash: string | null;
    grant_types: string;
    scopes: string;
    redirect_uris: string;
    access_token_ttl: number | null;
    created_at: number;
    revoked_at: number | null;
    /** 1: a platform client, which may act for any org; 0: its org's own. */
    platform: number;
    /** 1: its authorization requests must carry a PKCE challenge (RFC 7636); 0: may omit it. */
    pkce_required: number;
    /** 1: an install client, whose authorization codes install it into an org. */
    install: number;
  };
  api_keys: {
    id: string;
    org_id: string;
    name: string;
    key_hash: string;
    start: string;
    role: string | null;
    scopes: string;
    created_by: string | null;
    created_at: number;
    expires_at: number | null;
    revoked_at: number | null;
  };
  signing_keys: {
    kid: string;
    alg: string;
    /** Sealed with GATEHOUSE_SECRET_KEY (lib/sealing.ts); clear JSON only in older stores. */
    private_jwk: string;
    public_jwk: string;
    created_at: number;
    retired_at: number | null;
    revoked_at: number | null;
  };
  refresh_families: {
    id: string;
    client_id: string;
    org_id: string;
    subject_type: string;
    subject_id: string;
    created_at: number;
    revoked_at: number | null;
  };
  refresh_tokens: {
    id: string;
    family_id: string;
    token_hash: string;
    scope: string;
    access_jti: string;
    access_expires_at: number;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  revoked_tokens: { jti: string; expires_at: number; revoked_at: number };
  throttles: { key: string; failures: number; window_start: number; locked_until: number | null };
  integrations: {
    id: string;
    org_id: string;
    client_id: string;
    api_key_id: string;
    created_at: number;
    uninstalled_at: number | null;
  };
  access_codes: {
    code_hash: string;
    client_id: string;
    org_id: string;
    created_at: number;
    expires_at: number | null;
    used_at: number | null;
    /** An S256 challenge (RFC 7636) its redemption must answer, or null. */
    code_challenge: string | null;
  };
  /**
   * An authorization code (RFC 6749 §4.1); `code_challenge` is an S256 challenge or null.
   * The access_* and refresh_family_id columns hold what its redemption issued.
   */
  authorization_codes: {
    code_hash: string;
    client_id: string;
    redirect_uri: string;
    user_id: string;
    org_id: string;
    scope: string;
    code_challenge: string | null;
    nonce: string | null;
    auth_time: number;
    created_at: number;
    expires_at: number;
    used_at: number | null;
    replayed_at: number | null;
    access_jti: string | null;
    access_expires_at: number | null;
    refresh_family_id: string | null;
  };
  /** The Idempotency-Key of a partner command and its answer (null while it runs). */
  idempotency_keys: {
    client_id: string;
    key: string;
    fingerprint: string;
    created_at: number;
    status: number | null;
    response: string | null;
  };
  /** A browser's sign-in (sessions/service.ts); the cookie's id is stored as a keyed hash. */
  sessions: {
    id_hash: string;
    user_id: string;
    auth_time: number;
    last_seen_at: number;
    ended_at: number | null;
  };
  /** A person's remembered consent to a client in one org (oauth/consents.ts). */
  consents: {
    user_id: string;
    client_id: string;
    org_id: string;
    scope: string;
    granted_at: number;
  };
  /** Demo resources of the contract surfaces (jobs, parts, ...): `data` is a JSON object. */
  demo_records: {
    kind: string;
    id: string;
    org_id: string;
    data: string;
    created_at: number;
    updated_at: number;
  };
}
