import { generateKeyPair, SignJWT } from 'jose';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, partner, testIssuer, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';

const formType = 'application/x-www-form-urlencoded';
const oversize = 'a'.repeat(70 * 1024); // over the 64 KiB body limit
const partnerAuth = basic(partner.id, partner.secret);
const oauthError = (error: string, error_description: string) => ({ error, error_description });
const apiError = (type: string, message: string) => ({ type, message });
const badToken = 'the access token is invalid, expired or revoked';

interface Case {
  name: string;
  request: () => InjectOptions;
  status: number;
  body: unknown;
}

// Tokens a client might send by mistake or by malice; made once, before the table runs.
const junk = { foreignJwt: '', algNone: '', expired: '' };
// A signed-in developer of Demo Parts Co: /v1 reads a body only once the caller may send it.
const valid = { developer: '' };

const post = (url: string, payload: string, authorization?: string): InjectOptions => ({
  method: 'POST',
  url,
  headers: {
    'content-type': formType,
    ...(authorization === undefined ? {} : { authorization }),
  },
  payload,
});

const cases: Case[] = [
  // POST /oauth/token
  {
    name: 'token: JSON instead of a form',
    request: () => ({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":"client_credentials"}',
    }),
    status: 400,
    body: oauthError('invalid_request', 'content type must be application/x-www-form-urlencoded'),
  },
  {
    name: 'token: text/plain',
    request: () => ({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'text/plain' },
      payload: 'grant_type=client_credentials',
    }),
    status: 400,
    body: oauthError('invalid_request', 'content type must be application/x-www-form-urlencoded'),
  },
  {
    name: 'token: an unknown content type',
    request: () => ({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/xml' },
      payload: '<grant/>',
    }),
    status: 415,
    body: oauthError('invalid_request', 'unsupported content type'),
  },
  {
    name: 'token: no body and no content type',
    request: () => ({ method: 'POST', url: '/oauth/token' }),
    status: 400,
    body: oauthError('invalid_request', 'content type must be application/x-www-form-urlencoded'),
  },
  {
    name: 'token: malformed JSON',
    request: () => ({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    }),
    status: 400,
    body: oauthError('invalid_request', 'the body is not valid JSON'),
  },
  {
    name: 'token: empty form',
    request: () => post('/oauth/token', ''),
    status: 400,
    body: oauthError('invalid_request', 'missing parameter: grant_type'),
  },
  {
    name: 'token: oversize body',
    request: () => post('/oauth/token', `grant_type=${oversize}`),
    status: 413,
    body: oauthError('invalid_request', 'the request body is too large'),
  },
  {
    name: 'token: a repeated parameter (RFC 6749 §3.2)',
    request: () => post('/oauth/token', 'grant_type=client_credentials&grant_type=password'),
    status: 400,
    body: oauthError('invalid_request', 'parameter grant_type must not be repeated'),
  },
  {
    name: 'token: an unknown grant type',
    request: () => post('/oauth/token', 'grant_type=implicit', partnerAuth),
    status: 400,
    body: oauthError('unsupported_grant_type', 'unsupported grant_type: implicit'),
  },
  {
    name: 'token: Basic credentials that are not base64 of id:secret',
    request: () => post('/oauth/token', 'grant_type=client_credentials', 'Basic !!!'),
    status: 401,
    body: oauthError('invalid_client', 'client authentication failed'),
  },
  {
    name: 'token: Basic credentials with bad percent-encoding',
    request: () =>
      post(
        '/oauth/token',
        'grant_type=client_credentials',
        `Basic ${Buffer.from('a%zz:b').toString('base64')}`,
      ),
    status: 401,
    body: oauthError('invalid_client', 'client authentication failed'),
  },
  {
    name: 'token: a junk refresh token',
    request: () => post('/oauth/token', 'grant_type=refresh_token&refresh_token=junk', partnerAuth),
    status: 400,
    body: oauthError('unauthorized_client', 'this client may not use the refresh_token grant'),
  },
  {
    name: 'token: a scope the client may not have',
    request: () => post('/oauth/token', 'grant_type=client_credentials&scope=admin', partnerAuth),
    status: 400,
    body: oauthError('invalid_scope', 'scope not allowed: admin'),
  },
  {
    name: 'token: GET',
    request: () => ({ method: 'GET', url: '/oauth/token' }),
    status: 404,
    body: oauthError('invalid_request', 'no endpoint GET /oauth/token'),
  },
  // POST /oauth/introspect and /oauth/revoke
  {
    name: 'introspect: JSON body',
    request: () => ({
      method: 'POST',
      url: '/oauth/introspect',
      headers: { 'content-type': 'application/json', authorization: partnerAuth },
      payload: '{"token":"x"}',
    }),
    status: 400,
    body: oauthError('invalid_request', 'content type must be application/x-www-form-urlencoded'),
  },
  {
    name: 'introspect: no client authentication',
    request: () => post('/oauth/introspect', 'token=x'),
    status: 401,
    body: oauthError('invalid_client', 'client authentication failed'),
  },
  {
    name: 'introspect: no token parameter',
    request: () => post('/oauth/introspect', '', partnerAuth),
    status: 400,
    body: oauthError('invalid_request', 'missing parameter: token'),
  },
  {
    name: 'introspect: a junk token',
    request: () => post('/oauth/introspect', 'token=a.b.c', partnerAuth),
    status: 200,
    body: { active: false },
  },
  {
    name: 'introspect: a JWT signed by another key',
    request: () => post('/oauth/introspect', `token=${junk.foreignJwt}`, partnerAuth),
    status: 200,
    body: { active: false },
  },
  {
    name: 'introspect: an unsigned JWT (alg none)',
    request: () => post('/oauth/introspect', `token=${junk.algNone}`, partnerAuth),
    status: 200,
    body: { active: false },
  },
  {
    name: 'revoke: a junk token (RFC 7009 §2.2)',
    request: () => post('/oauth/revoke', 'token=junk', partnerAuth),
    status: 200,
    body: '',
  },
  {
    name: 'revoke: oversize body',
    request: () => post('/oauth/revoke', `token=${oversize}`, partnerAuth),
    status: 413,
    body: oauthError('invalid_request', 'the request body is too large'),
  },
  {
    name: 'oauth: an unknown endpoint',
    request: () => ({ method: 'POST', url: '/oauth/nope' }),
    status: 404,
    body: oauthError('invalid_request', 'no endpoint POST /oauth/nope'),
  },
  // /v1 management API and everything else
  {
    name: 'v1: no credential',
    request: () => ({ method: 'GET', url: '/v1/orgs' }),
    status: 401,
    body: apiError('unauthorized', 'a Bearer credential is required'),
  },
  {
    name: 'v1: Basic instead of Bearer',
    request: () => ({ method: 'GET', url: '/v1/orgs', headers: { authorization: 'Basic abc' } }),
    status: 401,
    body: apiError('unauthorized', 'a Bearer credential is required'),
  },
  {
    name: 'v1: a junk bearer',
    request: () => ({ method: 'GET', url: '/v1/orgs', headers: { authorization: 'Bearer junk' } }),
    status: 401,
    body: apiError('unauthorized', 'the API key is invalid, expired or revoked'),
  },
  {
    name: 'v1: a JWT signed by another key',
    request: () => ({
      method: 'GET',
      url: '/v1/orgs',
      headers: { authorization: `Bearer ${junk.foreignJwt}` },
    }),
    status: 401,
    body: apiError('unauthorized', badToken),
  },
  {
    name: 'v1: an expired access token',
    request: () => ({
      method: 'GET',
      url: '/v1/orgs',
      headers: { authorization: `Bearer ${junk.expired}` },
    }),
    status: 401,
    body: apiError('unauthorized', badToken),
  },
  {
    name: 'v1: malformed JSON',
    request: () => ({
      method: 'POST',
      url: '/v1/orgs/org_demo_parts/api-keys',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${valid.developer}` },
      payload: '{',
    }),
    status: 400,
    body: apiError('invalid_request', 'the body is not valid JSON'),
  },
  {
    name: 'v1: oversize body',
    request: () => ({
      method: 'POST',
      url: '/v1/orgs/org_demo_parts/api-keys',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${valid.developer}` },
      payload: JSON.stringify({ name: oversize }),
    }),
    status: 413,
    body: apiError('payload_too_large', 'the request body is too large'),
  },
  {
    name: 'v1: an unknown content type',
    request: () => ({
      method: 'POST',
      url: '/v1/orgs/org_demo_parts/api-keys',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${valid.developer}` },
      payload: '<key/>',
    }),
    status: 415,
    body: apiError('unsupported_media_type', 'unsupported content type'),
  },
  {
    name: 'v1: a method no route has',
    request: () => ({ method: 'PUT', url: '/v1/orgs' }),
    status: 404,
    body: apiError('not_found', 'no route for PUT /v1/orgs'),
  },
  {
    name: 'an unknown path (its query string is not echoed)',
    request: () => ({ method: 'GET', url: '/nope?client_secret=s3cret' }),
    status: 404,
    body: apiError('not_found', 'no route for GET /nope'),
  },
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
    const issued = await services.accessTokens.issue({
      sub: 'usr_partium_dev',
      subType: 'user',
      clientId: 'gatehouse_demo_backend',
      orgId: 'org_demo_parts',
      scopes: [],
      role: 'developer',
      ttl: 1,
    });
    junk.expired = issued.token;
    clock.advance(2);
    const developer = await services.accessTokens.issue({
      sub: 'usr_partium_dev',
      subType: 'user',
      clientId: 'gatehouse_demo_backend',
      orgId: 'org_demo_parts',
      scopes: [],
      role: 'developer',
      ttl: 3600,
    });
    valid.developer = developer.token;
  });

  it.each(cases)('$name', async ({ request, status, body }) => {
    const res = await ctx().app.inject(request());
    expect(res.statusCode).toBe(status);
    if (typeof body === 'string') expect(res.body).toBe(body);
    else expect(res.json()).toEqual(body);
  });

  it('answers none of them with a 5xx', async () => {
    const statuses = await Promise.all(
      cases.map(async ({ request }) => (await ctx().app.inject(request())).statusCode),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
