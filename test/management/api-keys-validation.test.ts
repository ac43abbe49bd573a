import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { bearerRequest } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { call, people, signedInToFreshOrg, signIn } from './support.js';
import { expectJson, expectAnswer } from '../helpers/replies.js';

const notDateTime = 'body.expires_at must be an RFC 3339 date-time, such as 2030-01-01T00:00:00Z';

const badBodies: Array<[string, object, string]> = [
  ['an unknown field', { name: 'k', owner: 'me' }, 'body must NOT have additional properties'],
  ['no name', {}, 'body.name is required'],
  ['an empty name', { name: '' }, 'body.name must NOT have fewer than 1 characters'],
  ['a blank name', { name: '   ' }, 'key name must be 1 to 200 characters'],
  [
    'a name too long',
    { name: 'n'.repeat(201) },
    'body.name must NOT have more than 200 characters',
  ],
  ['a name that is not a string', { name: 42 }, 'body.name must be string'],
  [
    'an unknown role',
    { name: 'k', role: 'boss' },
    'body.role must be one of: owner, admin, developer, manager, member',
  ],
  ['scopes that are not a list', { name: 'k', scopes: 'read' }, 'body.scopes must be array'],
  [
    'a scope with a space',
    { name: 'k', scopes: ['parts read'] },
    'body.scopes.0 has characters that are not allowed',
  ],
  ['an expiry that is not a date-time', { name: 'k', expires_at: 'tomorrow' }, notDateTime],
  ['an expiry without a time zone', { name: 'k', expires_at: '2099-01-01T00:00:00' }, notDateTime],
  [
    'an expiry in the past',
    { name: 'k', expires_at: '2001-01-01T00:00:00Z' },
    'expires_at must be in the future',
  ],
  // RFC 3339 allows a leap second; JavaScript's Date cannot represent one.
  [
    'an expiry on a leap second',
    { name: 'k', expires_at: '2098-12-31T23:59:60Z' },
    'expires_at must be a valid time',
  ],
];

/** Bodies the API cannot read as JSON: the name of the test, the body, and the answer. */
const unreadableBodies: Array<[string, string, string, number, object]> = [
  [
    'refuses a body that is not JSON',
    'application/json',
    '{"name": ',
    400,
    { type: 'invalid_request', message: 'the body is not valid JSON' },
  ],
  [
    'refuses a form-encoded body with 415',
    'application/x-www-form-urlencoded',
    'name=k',
    415,
    { type: 'unsupported_media_type', message: 'unsupported content type' },
  ],
];

describe.each(storeTargets)('/v1 API keys: bad requests ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each(badBodies)('refuses %s, creating nothing', async (_, payload, message) => {
    const { app, services } = ctx();
    const { orgId, token } = await signedInToFreshOrg(app, services, people.dev, 'developer');
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, payload);
    expectAnswer(res, 400, { type: 'invalid_request', message });
    expect(await services.apiKeys.list(orgId)).toEqual([]);
  });

  it.each(unreadableBodies)('%s', async (_, contentType, payload, status, body) => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const url = '/v1/orgs/org_demo_parts/api-keys';
    const res = await bearerRequest(app, 'POST', url, token, { contentType, payload });
    expectJson(res, status, body);
  });

  it.each([
    ['longer than any org id', `/v1/orgs/${'o'.repeat(101)}/api-keys`],
    ['that is not percent-encoded properly', '/v1/orgs/org_%zz/api-keys'],
  ])('refuses an org id %s in the wire format', async (_, url) => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const res = await call(app, 'GET', url, token);
    expectAnswer(res, 400, { type: 'invalid_request', message: 'the request is malformed' });
  });
});
