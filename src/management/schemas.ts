import { Type, type TProperties } from '@sinclair/typebox';
import { maxAccessTokenTtl } from '../config.js';
import { printableNamePattern } from '../lib/names.js';
import { roles } from '../orgs/roles.js';
import { grantTypes } from '../oauth/grants/index.js';

export const ErrorBody = Type.Object({ type: Type.String(), message: Type.String() });

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
// Enums as `enum`, not a union of literals, so that a bad value is told the allowed ones.
const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
const RoleName = oneOf(roles);
const Scope = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$',
});

export const OrgParams = Type.Object({ orgId: Type.String({ maxLength: 100 }) });
export const ItemParams = Type.Object({
  orgId: Type.String({ maxLength: 100 }),
  id: Type.String({ maxLength: 100 }),
});

// A name shown to people: no control or invisible characters (lib/names.ts).
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: printableNamePattern });
const Scopes = Type.Array(Scope, { maxItems: 50 });
const Strings = Type.Array(Type.String());

/** A request body: a field it does not define is refused, not ignored. */
const bodyOf = <T extends TProperties>(fields: T) =>
  Type.Object(fields, { additionalProperties: false });

export const CreateApiKeyBody = bodyOf({
  name: Name,
  role: Type.Optional(RoleName),
  scopes: Type.Optional(Scopes),
  expires_at: Type.Optional(Type.String({ format: 'date-time' })),
});

export const ApiKeyView = Type.Object({
  id: Type.String(),
  org_id: Type.String(),
  name: Type.String(),
  start: Type.String(),
  role: Type.Union([RoleName, Type.Null()]),
  scopes: Strings,
  created_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  expires_at: Timestamp,
  revoked_at: Timestamp,
});
export const CreatedApiKey = Type.Composite([ApiKeyView, Type.Object({ key: Type.String() })]);

export const CreateClientBody = bodyOf({
  name: Name,
  type: Type.Optional(oneOf(['confidential', 'public'] as const)),
  grant_types: Type.Optional(Type.Array(oneOf(grantTypes), { minItems: 1, maxItems: 10 })),
  scopes: Type.Optional(Scopes),
  redirect_uris: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })),
  access_token_ttl: Type.Optional(Type.Integer({ minimum: 1, maximum: maxAccessTokenTtl })),
  // Default true: its authorization requests carry a PKCE challenge (RFC 9700 §2.1.1); only a
  // confidential client may be registered without (clients/service.ts says why not).
  pkce_required: Type.Optional(Type.Boolean()),
  // No `platform` nor `install`: a platform client acts in every org, and an install client
  // obtains an API key in other orgs through their admins' consent; both reach past the org
  // registering them, so only an operator registers them (CLI).
});

export const ClientView = Type.Object({
  client_id: Type.String(),
  org_id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  grant_types: Strings,
  scopes: Strings,
  redirect_uris: Strings,
  access_token_ttl: Type.Union([Type.Integer(), Type.Null()]),
  // Shown, never set here: only an operator registers a platform or an install client (CLI).
  platform: Type.Boolean(),
  pkce_required: Type.Boolean(),
  install: Type.Boolean(),
  created_at: Type.String(),
  revoked_at: Timestamp,
});
export const CreatedClient = Type.Composite([
  ClientView,
  Type.Object({ client_secret: Type.Optional(Type.String()) }),
]);

export const OrgView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.String(), Type.Null()]),
  role: RoleName,
});

export function listOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ data: Type.Array(item) });
}
