import { Type } from '@sinclair/typebox';

/**
 * RFC 6749 §5.1, plus RFC 8693 §2.2.1 issued_token_type and OpenID Connect Core §3.1.3.3
 * id_token (an authorization code with the `openid` scope; never a refresh).
 */
export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  issued_token_type: Type.Optional(Type.String()),
  id_token: Type.Optional(Type.String()),
});

/** RFC 6749 §5.2. */
export const OAuthErrorSchema = Type.Object({
  error: Type.String(),
  error_description: Type.String(),
});

/** RFC 7662 §2.2; an inactive token is `{"active":false}` and nothing else. */
export const IntrospectionSchema = Type.Object({
  active: Type.Boolean(),
  scope: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  token_type: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer()),
  iat: Type.Optional(Type.Integer()),
  sub: Type.Optional(Type.String()),
  aud: Type.Optional(Type.String()),
  iss: Type.Optional(Type.String()),
  jti: Type.Optional(Type.String()),
  org: Type.Optional(Type.String()),
});

const errors = {
  400: OAuthErrorSchema,
  401: OAuthErrorSchema,
  413: OAuthErrorSchema,
  415: OAuthErrorSchema,
};

export const tokenResponses = { 200: TokenResponseSchema, ...errors };
export const introspectionResponses = { 200: IntrospectionSchema, ...errors };
export const revocationResponses = { 200: Type.Null(), ...errors };
