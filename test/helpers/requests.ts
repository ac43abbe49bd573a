import type { FastifyInstance, HTTPMethods, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { backend, basic, form, partner } from './app.js';

/** A confidential client as the tests know it: its client_id and client_secret. */
export interface ClientSecret {
  id: string;
  secret: string;
}

/**
 * The options of a form-encoded POST to `url`, from `remoteAddress` if given. With `client`,
 * the client authenticates with HTTP Basic (RFC 6749 §2.3.1); without, the fields are all
 * there is.
 */
export function formOptions(
  url: string,
  fields: Record<string, string>,
  client?: ClientSecret,
  remoteAddress?: string,
): InjectOptions {
  return {
    method: 'POST',
    url,
    ...form(fields),
    ...(client === undefined
      ? {}
      : { headers: { ...form({}).headers, authorization: basic(client.id, client.secret) } }),
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  };
}

/** A form-encoded POST to `url` (see formOptions). The raw response. */
export function postForm(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string>,
  client?: ClientSecret,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return app.inject(formOptions(url, fields, client, remoteAddress));
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

/** The JSON body of `response`, once it is a 200. */
export async function okJson<T = unknown>(response: Promise<LightMyRequestResponse>): Promise<T> {
  const res = await response;
  expect(res.statusCode).toBe(200);
  return res.json<T>();
}

/** The access token a 200 `response` holds. */
export async function accessTokenOf(response: Promise<LightMyRequestResponse>): Promise<string> {
  return (await okJson<{ access_token: string }>(response)).access_token;
}

/** A client's access token from the client_credentials grant (client_secret_post), after a 200. */
export async function clientCredentialsToken(
  app: FastifyInstance,
  client: ClientSecret = partner,
): Promise<string> {
  return accessTokenOf(clientCredentialsRequest(app, client));
}

/** A client's access token from the client_credentials grant with HTTP Basic, after a 200. */
export async function basicClientToken(
  app: FastifyInstance,
  client: ClientSecret = partner,
): Promise<string> {
  return accessTokenOf(postToken(app, { grant_type: 'client_credentials' }, client));
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
  return accessTokenOf(passwordRequest(app, username, password, client));
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

/** What a request with `credential` as its Bearer (RFC 6750 §2.1) adds to its options. */
export interface BearerOptions {
  /** A JSON body, or one sent exactly as given with `contentType`. */
  payload?: object | string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The options of a request with `credential` as its Bearer, for app.inject. */
export function bearerOptions(
  method: HTTPMethods,
  url: string,
  credential: string,
  { payload, contentType, headers = {} }: BearerOptions = {},
): InjectOptions {
  return {
    method,
    url,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload }),
  };
}

/** A request with `credential` as its Bearer (RFC 6750 §2.1). The raw response. */
export function bearerRequest(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  credential: string,
  options: BearerOptions = {},
): Promise<LightMyRequestResponse> {
  return app.inject(bearerOptions(method, url, credential, options));
}

/** A request with a body sent exactly as `payload`, labelled `contentType`, for app.inject. */
export function rawRequest(
  method: HTTPMethods,
  url: string,
  contentType: string,
  payload: string,
  headers: Record<string, string> = {},
): InjectOptions {
  return { method, url, headers: { 'content-type': contentType, ...headers }, payload };
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

/** Partium's sign-in of the sandbox developer, and Patchworks' of its admin (docs/sandbox.md). */
export const partiumDev = partiumBasic('dev@partium.example', 'demo-dev-pass');
export const patchworksAdmin = {
  username: 'admin@patchworks.example',
  password: 'demo-admin-pass',
};

/** Partium's access token for `authorization` (usually Basic), after a 200. */
export async function partiumAccessToken(
  app: FastifyInstance,
  authorization: string,
): Promise<string> {
  return accessTokenOf(partiumSignIn(app, authorization));
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
  return (await okJson<{ token: string }>(patchworksLogin(app, person))).token;
}

/** What POST /oauth/introspect says of `token` to `client` (the demo backend unless told), after a 200. */
export async function introspection(
  app: FastifyInstance,
  token: string,
  client: ClientSecret = backend,
): Promise<unknown> {
  return okJson(introspectRequest(app, token, client));
}
