import { beforeAll, describe, expect, it } from 'vitest';
import { useRunningServer } from '../helpers/server.js';
import { basic, bearer, call, demoKey, dev, field, type Call } from './partium-client.js';

const invalidRequest = { type: 'invalid_request' };
const unauthorized = { type: 'unauthorized' };
const oversize = JSON.stringify({ query: 'a'.repeat(70 * 1024) }); // over the 64 KiB limit

interface Case {
  name: string;
  path: string;
  /** `token` stands for a developer's access token, fetched before the table runs. */
  request: Call;
  status: number;
  body: unknown;
}

const token = 'token';

// Every bad input on every path of the surface gets a typed 4xx `{type}`, never a 500.
const cases: Case[] = [
  // POST /auth
  ...['/auth', '/1/auth'].flatMap((path): Case[] => [
    {
      name: 'malformed JSON',
      path,
      request: { authorization: basic(dev), body: '{"organization_id":' },
      status: 400,
      body: invalidRequest,
    },
    {
      name: 'a JSON array',
      path,
      request: { authorization: basic(dev), body: '[]' },
      status: 400,
      body: invalidRequest,
    },
    {
      name: 'a JSON string',
      path,
      request: { authorization: basic(dev), body: '"org_demo_parts"' },
      status: 400,
      body: invalidRequest,
    },
    {
      name: 'organization_id of the wrong type',
      path,
      request: { authorization: basic(dev), body: { organization_id: 42 } },
      status: 400,
      body: invalidRequest,
    },
    {
      name: 'an empty organization_id',
      path,
      request: { authorization: basic(dev), body: { organization_id: '' } },
      status: 400,
      body: invalidRequest,
    },
    {
      name: 'a text/plain body',
      path,
      request: { authorization: basic(dev), body: 'hello', contentType: 'text/plain' },
      status: 415,
      body: { type: 'unsupported_media_type' },
    },
    {
      name: 'a form body',
      path,
      request: {
        authorization: basic(dev),
        body: 'organization_id=org_demo_parts',
        contentType: 'application/x-www-form-urlencoded',
      },
      status: 415,
      body: { type: 'unsupported_media_type' },
    },
    {
      name: 'an oversize body',
      path,
      request: { authorization: basic(dev), body: oversize },
      status: 413,
      body: { type: 'payload_too_large' },
    },
    ...[
      'Basic !!!',
      'Basic',
      'Bearer',
      'Bearer two words',
      bearer('x'.repeat(2000)),
      'garbage',
    ].map((authorization): Case => ({
      name: `Authorization: ${authorization.slice(0, 20)}`,
      path,
      request: { authorization },
      status: 401,
      body: unauthorized,
    })),
  ]),

  // POST /auth/refresh
  ...[
    { name: 'no body', request: {} },
    { name: 'an empty JSON body', request: { body: '', contentType: 'application/json' } },
    { name: 'an empty object', request: { body: {} } },
    { name: 'malformed JSON', request: { body: '{"refresh_token"' } },
    { name: 'refresh_token of the wrong type', request: { body: { refresh_token: 7 } } },
    { name: 'an empty refresh_token', request: { body: { refresh_token: '' } } },
    { name: 'a JSON array', request: { body: ['ghr_x'] } },
  ].map(({ name, request }): Case => ({
    name,
    path: '/auth/refresh',
    request,
    status: 400,
    body: invalidRequest,
  })),
  {
    name: 'a text/plain body',
    path: '/auth/refresh',
    request: { body: 'ghr_x', contentType: 'text/plain' },
    status: 415,
    body: { type: 'unsupported_media_type' },
  },
  {
    name: 'an oversize body',
    path: '/auth/refresh',
    request: { body: oversize },
    status: 413,
    body: { type: 'payload_too_large' },
  },

  // POST /1/find/search
  ...[
    { name: 'no body', request: {} },
    { name: 'an empty object', request: { body: {} } },
    { name: 'malformed JSON', request: { body: '{"query":"oil"' } },
    { name: 'query of the wrong type', request: { body: { query: 5 } } },
    { name: 'a null query', request: { body: { query: null } } },
    { name: 'an overlong query', request: { body: { query: 'a'.repeat(501) } } },
    { name: 'a JSON array', request: { body: [{ query: 'oil' }] } },
  ].map(({ name, request }): Case => ({
    name,
    path: '/1/find/search',
    request: { authorization: bearer(demoKey), ...request },
    status: 400,
    body: invalidRequest,
  })),
  {
    name: 'a text/plain body',
    path: '/1/find/search',
    request: { authorization: bearer(demoKey), body: 'oil', contentType: 'text/plain' },
    status: 415,
    body: { type: 'unsupported_media_type' },
  },
  {
    name: 'an oversize body',
    path: '/1/find/search',
    request: { authorization: bearer(demoKey), body: oversize },
    status: 413,
    body: { type: 'payload_too_large' },
  },
  {
    name: 'a bearer that is two words',
    path: '/1/find/search',
    request: { authorization: 'Bearer two words', body: { query: 'oil' } },
    status: 401,
    body: unauthorized,
  },

  // POST /1/api-keys
  ...[
    { name: 'no body', request: {} },
    { name: 'an empty object', request: { body: {} } },
    { name: 'malformed JSON', request: { body: '{"name":' } },
    { name: 'a name of the wrong type', request: { body: { name: 5 } } },
    { name: 'an empty name', request: { body: { name: '' } } },
    { name: 'a blank name', request: { body: { name: '   ' } } },
    { name: 'an overlong name', request: { body: { name: 'n'.repeat(201) } } },
    { name: 'an unknown field', request: { body: { name: 'ci', role: 'owner' } } },
  ].map(({ name, request }): Case => ({
    name,
    path: '/1/api-keys',
    request: { authorization: token, ...request },
    status: 400,
    body: invalidRequest,
  })),
  {
    name: 'a text/plain body',
    path: '/1/api-keys',
    request: { authorization: token, body: 'ci', contentType: 'text/plain' },
    status: 415,
    body: { type: 'unsupported_media_type' },
  },
];

const postOnly = ['/auth', '/auth/', '/1/auth', '/1/auth/', '/auth/refresh', '/1/find/search'];

describe('Partium-style surface: bad input', () => {
  const server = useRunningServer();
  let devToken = '';
  beforeAll(async () => {
    devToken = field(
      await call(server().url, '/auth', { authorization: basic(dev) }),
      'access_token',
    );
  });

  it.each(cases)('$path: $name -> $status', async ({ path, request, status, body }) => {
    const authorization =
      request.authorization === token ? bearer(devToken) : request.authorization;
    const answer = await call(server().url, path, {
      ...request,
      ...(authorization === undefined ? {} : { authorization }),
    });
    expect(answer).toMatchObject({ status, body });
  });

  it.each(
    [...postOnly, '/1/api-keys'].flatMap((path) =>
      ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].map((method) => ({ path, method })),
    ),
  )('$method $path -> 405 method_not_allowed, Allow: POST', async ({ path, method }) => {
    const answer = await call(server().url, path, { method, authorization: bearer(demoKey) });
    expect(answer).toMatchObject({ status: 405, body: { type: 'method_not_allowed' } });
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS'])(
    '%s /1/api-keys/:id -> 405 method_not_allowed, Allow: DELETE',
    async (method) => {
      const answer = await call(server().url, '/1/api-keys/key_partium_demo', { method });
      expect(answer).toMatchObject({ status: 405, body: { type: 'method_not_allowed' } });
      expect(answer.headers.get('allow')).toBe('DELETE');
    },
  );

  it('answers HEAD with 405 and no body', async () => {
    const answer = await call(server().url, '/auth', { method: 'HEAD' });
    expect(answer).toMatchObject({ status: 405, body: '' });
  });

  it('still works after the sweep: the demo key searches', async () => {
    const answer = await call(server().url, '/1/find/search', {
      authorization: bearer(demoKey),
      body: { query: 'oil' },
    });
    expect(answer.status).toBe(200);
  });
});
