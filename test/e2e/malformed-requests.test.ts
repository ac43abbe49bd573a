import { generateKeyPair, SignJWT } from 'jose';
import type { HTTPMethods, InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, partner, testIssuer, useTestApp } from '../helpers/app.js';
import { oauthError } from '../helpers/replies.js';
import { rawRequest } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';

const formType = 'application/x-www-form-urlencoded';
const oversize = 'a'.repeat(70 * 1024); // over the 64 KiB body limit
const partnerAuth = basic(partner.id, partner.secret);
const apiError = (type: string, message: string) => ({ type, message });
const notAForm = oauthError(
  'invalid_request',
  'content type must be application/x-www-form-urlencoded',
);
const tooLarge = oauthError('invalid_request', 'the request body is too large');
const clientAuthFailed = oauthError('invalid_client', 'client authentication failed');
const inactive = { active: false };
const bearerRequired = apiError('unauthorized', 'a Bearer credential is required');
const badToken = apiError('unauthorized', 'the access token is invalid, expired or revoked');

/** The name of a request, the request, and the status and body it must be answered with. */
type Case = [string, () => InjectOptions, number, unknown];

// Tokens a client might send by mistake or by malice; made once, before the table runs.
const junk = { foreignJwt: '', algNone: '', expired: '' };
// A signed-in developer of Demo Parts Co: /v1 reads a body only once the caller may send it.
const valid = { developer: '' };

const bare = (method: HTTPMethods, url: string): InjectOptions => ({ method, url });
const post = (url: string, payload: string, authorization?: string) =>
  rawRequest('POST', url, formType, payload, authorization === undefined ? {} : { authorization });
const token = (payload: string, authorization?: string) =>
  post('/oauth/token', payload, authorization);
const asPartner = (payload: string) => token(payload, partnerAuth);
const listOrgs = (authorization: string): InjectOptions => ({
  method: 'GET',
  url: '/v1/orgs',
  headers: { authorization },
});
/** A new API key of Demo Parts Co, asked for by its developer with a body of `contentType`. */
const newKey = (contentType: string, payload: string) =>
  rawRequest('POST', '/v1/orgs/org_demo_parts/api-keys', contentType, payload, {
    authorization: `Bearer ${valid.developer}`,
  });

const cases: Case[] = [
  // POST /oauth/token
  [
    'token: JSON instead of a form',
    () =>
      rawRequest('POST', '/oauth/token', 'application/json', '{"grant_type":"client_credentials"}'),
    400,
    notAForm,
  ],
  [
    'token: text/plain',
    () => rawRequest('POST', '/oauth/token', 'text/plain', 'grant_type=client_credentials'),
    400,
    notAForm,
  ],
  [
    'token: an unknown content type',
    () => rawRequest('POST', '/oauth/token', 'application/xml', '<grant/>'),
    415,
    oauthError('invalid_request', 'unsupported content type'),
  ],
  ['token: no body and no content type', () => bare('POST', '/oauth/token'), 400, notAForm],
  [
    'token: malformed JSON',
    () => rawRequest('POST', '/oauth/token', 'application/json', '{'),
    400,
    oauthError('invalid_request', 'the body is not valid JSON'),
  ],
  [
    'token: empty form',
    () => token(''),
    400,
    oauthError('invalid_request', 'missing parameter: grant_type'),
  ],
  ['token: oversize body', () => token(`grant_type=${oversize}`), 413, tooLarge],
  [
    'token: a repeated parameter (RFC 6749 §3.2)',
    () => token('grant_type=client_credentials&grant_type=password'),
    400,
    oauthError('invalid_request', 'parameter grant_type must not be repeated'),
  ],
  [
    'token: an unknown grant type',
    () => asPartner('grant_type=implicit'),
    400,
    oauthError('unsupported_grant_type', 'unsupported grant_type: implicit'),
  ],
  [
    'token: Basic credentials that are not base64 of id:secret',
    () => token('grant_type=client_credentials', 'Basic !!!'),
    401,
    clientAuthFailed,
  ],
  [
    'token: Basic credentials with bad percent-encoding',
    () =>
      token('grant_type=client_credentials', `Basic ${Buffer.from('a%zz:b').toString('base64')}`),
    401,
    clientAuthFailed,
  ],
  [
    'token: a junk refresh token',
    () => asPartner('grant_type=refresh_token&refresh_token=junk'),
    400,
    oauthError('unauthorized_client', 'this client may not use the refresh_token grant'),
  ],
  [
    'token: a scope the client may not have',
    () => asPartner('grant_type=client_credentials&scope=admin'),
    400,
    oauthError('invalid_scope', 'scope not allowed: admin'),
  ],
  [
    'token: GET',
    () => bare('GET', '/oauth/token'),
    404,
    oauthError('invalid_request', 'no endpoint GET /oauth/token'),
  ],
  // POST /oauth/introspect and /oauth/revoke
  [
    'introspect: JSON body',
    () =>
      rawRequest('POST', '/oauth/introspect', 'application/json', '{"token":"x"}', {
        authorization: partnerAuth,
      }),
    400,
    notAForm,
  ],
  [
    'introspect: no client authentication',
    () => post('/oauth/introspect', 'token=x'),
    401,
    clientAuthFailed,
  ],
  [
    'introspect: no token parameter',
    () => post('/oauth/introspect', '', partnerAuth),
    400,
    oauthError('invalid_request', 'missing parameter: token'),
  ],
  [
    'introspect: a junk token',
    () => post('/oauth/introspect', 'token=a.b.c', partnerAuth),
    200,
    inactive,
  ],
  [
    'introspect: a JWT signed by another key',
    () => post('/oauth/introspect', `token=${junk.foreignJwt}`, partnerAuth),
    200,
    inactive,
  ],
  [
    'introspect: an unsigned JWT (alg none)',
    () => post('/oauth/introspect', `token=${junk.algNone}`, partnerAuth),
    200,
    inactive,
  ],
  [
    'revoke: a junk token (RFC 7009 §2.2)',
    () => post('/oauth/revoke', 'token=junk', partnerAuth),
    200,
    '',
  ],
  [
    'revoke: oversize body',
    () => post('/oauth/revoke', `token=${oversize}`, partnerAuth),
    413,
    tooLarge,
  ],
  [
    'oauth: an unknown endpoint',
    () => bare('POST', '/oauth/nope'),
    404,
    oauthError('invalid_request', 'no endpoint POST /oauth/nope'),
  ],
  // /v1 management API and everything else
  ['v1: no credential', () => bare('GET', '/v1/orgs'), 401, bearerRequired],
  ['v1: Basic instead of Bearer', () => listOrgs('Basic abc'), 401, bearerRequired],
  [
    'v1: a junk bearer',
    () => listOrgs('Bearer junk'),
    401,
    apiError('unauthorized', 'the API key is invalid, expired or revoked'),
  ],
  ['v1: a JWT signed by another key', () => listOrgs(`Bearer ${junk.foreignJwt}`), 401, badToken],
  ['v1: an expired access token', () => listOrgs(`Bearer ${junk.expired}`), 401, badToken],
  [
    'v1: malformed JSON',
    () => newKey('application/json', '{'),
    400,
    apiError('invalid_request', 'the body is not valid JSON'),
  ],
  [
    'v1: oversize body',
    () => newKey('application/json', JSON.stringify({ name: oversize })),
    413,
    apiError('payload_too_large', 'the request body is too large'),
  ],
  [
    'v1: an unknown content type',
    () => newKey('application/xml', '<key/>'),
    415,
    apiError('unsupported_media_type', 'unsupported content type'),
  ],
  [
    'v1: a method no route has',
    () => bare('PUT', '/v1/orgs'),
    404,
    apiError('not_found', 'no route for PUT /v1/orgs'),
  ],
  [
    'an unknown path (its query string is not echoed)',
    () => bare('GET', '/nope?client_secret=s3cret'),
    404,
    apiError('not_found', 'no route for GET /nope'),
  ],
];

describe.each(storeTargets)('malformed requests get a typed 4xx ($name)', (target) => {
  const ctx = useTestApp(target);

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256');
    junk.foreignJwt = await new SignJWT({ client_id: 'x', org: 'org_demo_parts', sub_type: 'user' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'not-ours' })
      .setIssuer(testIssuer)
      .setAudience(testIssuer)
      .setSubject('usr_partium_dev')
      .setIssuedAt()
      .setExpirationTime('10m')
      .setJti('at_forged')
      .sign(privateKey);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    junk.algNone = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({ sub: 'usr_partium_dev' })}.`;
    const { services, clock } = ctx();
    // The developer's token through the demo backend, for `ttl` seconds.
    const developerToken = async (ttl: number) =>
      (
        await services.accessTokens.issue({
          sub: 'usr_partium_dev',
          subType: 'user',
          clientId: 'gatehouse_demo_backend',
          orgId: 'org_demo_parts',
          scopes: [],
          role: 'developer',
          ttl,
        })
      ).token;
    junk.expired = await developerToken(1);
    clock.advance(2);
    valid.developer = await developerToken(3600);
  });

  it.each(cases)('%s', async (_, request, status, body) => {
    const res = await ctx().app.inject(request());
    expect(res.statusCode).toBe(status);
    if (typeof body === 'string') expect(res.body).toBe(body);
    else expect(res.json()).toEqual(body);
  });

  it('answers none of them with a 5xx', async () => {
    const statuses = await Promise.all(
      cases.map(async ([, request]) => (await ctx().app.inject(request())).statusCode),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
