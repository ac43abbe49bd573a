import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { backend, basic, form, partner } from './app.js';

/** A confidential client as the tests know it: its client_id and client_secret. */
export interface ClientSecret {
  id: string;
  secret: string;
}

/**
 * A form-encoded POST to `url`, from `remoteAddress` if given. With `client`, the client
 * authenticates with HTTP Basic (RFC 6749 §2.3.1); without, the fields are all there is.
 * The raw response.
 */
export function postForm(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string>,
  client?: ClientSecret,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    ...form(fields),
    ...(client === undefined
      ? {}
      : { headers: { ...form({}).headers, authorization: basic(client.id, client.secret) } }),
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
}

/** POST /oauth/token; `client`, if given, authenticates with HTTP Basic. The raw response. */
export function postToken(
  app: FastifyInstance,
  fields: Record<string, string>,
  client?: ClientSecret,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return postForm(app, '/oauth/token', fields, client, remoteAddress);
}

/** The client_credentials grant with client_secret_post (the id and secret in the form). */
export function clientCredentialsRequest(
  app: FastifyInstance,
  client: ClientSecret = partner,
): Promise<LightMyRequestResponse> {
  return postToken(app, {
    grant_type: 'client_credentials',
    client_id: client.id,
    client_secret: client.secret,
  });
}

/** A client's access token from the client_credentials grant (client_secret_post), after a 200. */
export async function clientCredentialsToken(
  app: FastifyInstance,
  client: ClientSecret = partner,
): Promise<string> {
  const res = await clientCredentialsRequest(app, client);
  expect(res.statusCode).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

/** A client's access token from the client_credentials grant with HTTP Basic, after a 200. */
export async function basicClientToken(
  app: FastifyInstance,
  client: ClientSecret = partner,
): Promise<string> {
  const res = await postToken(app, { grant_type: 'client_credentials' }, client);
  expect(res.statusCode).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

/** The password grant as `client` (the demo backend unless told), the raw response. */
export function passwordRequest(
  app: FastifyInstance,
  username: string,
  password: string,
  client: ClientSecret = backend,
): Promise<LightMyRequestResponse> {
  return postToken(app, { grant_type: 'password', username, password }, client);
}

/** A user's access token from the password grant as `client` (the demo backend unless told), after a 200. */
export async function passwordToken(
  app: FastifyInstance,
  username: string,
  password: string,
  client: ClientSecret = backend,
): Promise<string> {
  const res = await passwordRequest(app, username, password, client);
  expect(res.statusCode).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

/** The RFC 8693 token exchange grant and the token type of an API key as its subject. */
export const tokenExchangeGrant = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const apiKeyTokenType = 'urn:gatehouse:params:oauth:token-type:api-key';

/** The exchange of the API key `key` for an access token, as `client`, with `extra` fields. */
export function tokenExchangeRequest(
  app: FastifyInstance,
  key: string,
  extra: Record<string, string> = {},
  client: ClientSecret = backend,
): Promise<LightMyRequestResponse> {
  return postToken(
    app,
    {
      grant_type: tokenExchangeGrant,
      subject_token: key,
      subject_token_type: apiKeyTokenType,
      ...extra,
    },
    client,
  );
}

/**
 * A request with `credential` as its Bearer (RFC 6750 §2.1): with a JSON `payload` if given,
 * or a raw one sent as `contentType`. The raw response.
 */
export function bearerRequest(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  credential: string,
  { payload, contentType }: { payload?: object | string; contentType?: string } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
    },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** POST /oauth/introspect of `token` as `client` (the demo backend unless told). */
export const introspectRequest = (app: FastifyInstance, token: string, client = backend) =>
  postForm(app, '/oauth/introspect', { token }, client);

/** POST /oauth/revoke of `token` as `client` (the demo backend unless told). */
export const revokeRequest = (app: FastifyInstance, token: string, client = backend) =>
  postForm(app, '/oauth/revoke', { token }, client);

/** Partium's sign-in: POST /auth with `authorization` sent exactly as given. The raw response. */
export function partiumSignIn(
  app: FastifyInstance,
  authorization: string,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/auth',
    headers: { authorization },
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
}

/** RFC 7617 Basic as Partium takes it: base64 of user:password, with no form encoding. */
export function partiumBasic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Partium's access token for `authorization` (usually Basic), after a 200. */
export async function partiumAccessToken(
  app: FastifyInstance,
  authorization: string,
): Promise<string> {
  const res = await partiumSignIn(app, authorization);
  expect(res.statusCode).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

/** Patchworks' sign-in: POST /fabric/api/login with the JSON `person`. The raw response. */
export function patchworksLogin(
  app: FastifyInstance,
  person: { username: string; password: string },
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/fabric/api/login',
    payload: person,
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
}

/** Patchworks' session token for `person`, after a 200. */
export async function patchworksSessionToken(
  app: FastifyInstance,
  person: { username: string; password: string },
): Promise<string> {
  const res = await patchworksLogin(app, person);
  expect(res.statusCode).toBe(200);
  return (res.json() as { token: string }).token;
}

/** What POST /oauth/introspect says of `token` to `client` (the demo backend unless told), after a 200. */
export async function introspection(
  app: FastifyInstance,
  token: string,
  client: ClientSecret = backend,
): Promise<unknown> {
  const res = await introspectRequest(app, token, client);
  expect(res.statusCode).toBe(200);
  return res.json();
}
