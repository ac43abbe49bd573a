import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { apiKeyToken, call, notAPerson, people, refusal, signIn } from './support.js';

const partiumKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
const challenge = 'Bearer realm="gatehouse"';
const required = refusal(401, 'unauthorized', 'a Bearer credential is required', challenge);

// Requests whose body is wrong: each is answered for its missing credential first.
const badRequests: Array<[string, 'POST', string, object | undefined]> = [
  ['a key with a misspelt field', 'POST', '/v1/orgs/x/api-keys', { nam: 'x' }],
  ['a key with no body', 'POST', '/v1/orgs/org_demo_parts/api-keys', undefined],
  ['a client with a wrong type', 'POST', '/v1/orgs/x/clients', { name: 'c', type: 'nope' }],
];

/** A key for Demo Parts Co with its one required field misspelt, sent with `token`. */
const misspeltKey = (app: FastifyInstance, token: string) =>
  call(app, 'POST', '/v1/orgs/org_demo_parts/api-keys', token, { nam: 'x' });

describe.each(storeTargets)('/v1 authenticates before it reads the request ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each(badRequests)('answers %s without a credential 401', async (_, method, url, body) => {
    expect(await call(ctx().app, method, url, undefined, body)).toEqual(required);
  });

  it('answers malformed JSON and an unknown content type without a credential 401', async () => {
    const { app } = ctx();
    const url = '/v1/orgs/org_demo_parts/api-keys';
    for (const [type, payload] of [
      ['application/json', '{"name": '],
      ['application/xml', '<key/>'],
    ]) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': type },
        payload,
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe(challenge);
      expect(res.json()).toEqual(required.body);
    }
  });

  it("answers a key's token on an org route forbidden, whatever the body", async () => {
    const { app } = ctx();
    const token = await apiKeyToken(app, partiumKey);
    expect(await misspeltKey(app, token)).toEqual(notAPerson);
  });

  it('answers a member who may not manage keys 403, and a stranger 404, before the body', async () => {
    const { app } = ctx();
    const viewer = await signIn(app, people.viewer);
    expect(await misspeltKey(app, viewer)).toEqual(
      refusal(403, 'forbidden', 'this needs the developer role or higher in the org'),
    );
    expect(await call(app, 'POST', '/v1/orgs/org_demo_retail/clients', viewer, { n: 1 })).toEqual(
      refusal(404, 'not_found', 'no such org'),
    );
  });

  it('still tells an authorized user what is wrong with the body', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    expect(await misspeltKey(app, token)).toEqual(
      refusal(400, 'invalid_request', 'body.name is required'),
    );
  });
});
