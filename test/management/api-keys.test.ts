import { describe, expect, it } from 'vitest';
import { nativeKeyFormat } from '../../src/apikeys/format.js';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { call, exchangeApiKey, iso, people, signedInToFreshOrg, signIn } from './support.js';
import { oauthError, expectAnswer } from '../helpers/replies.js';

const nativeKey = /^gh_[0-9A-Za-z]{30}$/;

describe.each(storeTargets)('/v1/orgs/:orgId/api-keys ($name)', (target) => {
  const ctx = useTestApp(target);

  const developerIn = () => signedInToFreshOrg(ctx().app, ctx().services, people.dev, 'developer');

  it('creates a key and shows it once, in the native format', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await developerIn();
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, {
      name: 'ci pipeline',
      role: 'developer',
      scopes: ['parts:read'],
      expires_at: '2099-01-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
    const body = res.body as { key: string };
    expect(body).toEqual({
      id: expect.stringMatching(/^key_[0-9A-Za-z]{16}$/),
      org_id: orgId,
      name: 'ci pipeline',
      start: body.key.slice(0, 7),
      role: 'developer',
      scopes: ['parts:read'],
      created_by: people.dev.id,
      created_at: iso(clock.now()),
      expires_at: '2099-01-01T00:00:00.000Z',
      revoked_at: null,
      key: expect.stringMatching(nativeKey),
    });
    expect(nativeKeyFormat.recognises(body.key)).toBe(true);
  });

  it('trims the name and defaults to no role, no scopes and no expiry', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await developerIn();
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, { name: ' plain ' });
    expect(res.status).toBe(201);
    const body = res.body as { key: string };
    expect(body).toEqual({
      id: expect.stringMatching(/^key_/),
      org_id: orgId,
      name: 'plain',
      start: body.key.slice(0, 7),
      role: null,
      scopes: [],
      created_by: people.dev.id,
      created_at: iso(clock.now()),
      expires_at: null,
      revoked_at: null,
      key: expect.stringMatching(nativeKey),
    });
  });

  it('lists the keys of the org without ever showing a secret', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await developerIn();
    const first = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, { name: 'one' });
    clock.advance(1);
    const second = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, {
      name: 'two',
      role: 'member',
    });
    const { key: firstKey, ...firstView } = first.body as { key: string };
    const { key: secondKey, ...secondView } = second.body as { key: string };

    const res = await call(app, 'GET', `/v1/orgs/${orgId}/api-keys`, token);
    expectAnswer(res, 200, { data: [firstView, secondView] });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(firstKey);
    expect(text).not.toContain(secondKey);
  });

  it('lists the fixture key of the sandbox org by its start only', async () => {
    const { app } = ctx();
    const token = await signIn(app, people.dev);
    const res = await call(app, 'GET', '/v1/orgs/org_demo_parts/api-keys', token);
    expect(res.status).toBe(200);
    const { data } = res.body as { data: Array<{ id: string }> };
    expect(data.find((k) => k.id === 'key_partium_demo')).toEqual({
      id: 'key_partium_demo',
      org_id: 'org_demo_parts',
      name: 'Demo Parts Co key',
      start: 'partium_demo',
      role: 'member',
      scopes: [],
      created_by: null,
      created_at: expect.any(String),
      expires_at: null,
      revoked_at: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('partium_demo_key_5c1f0e2d9b8a7c6d4e3f');
  });

  it('revokes a key, which is refused on its very next use', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await developerIn();
    const created = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, { name: 'k' });
    const { key, ...view } = created.body as { key: string; id: string };
    expect((await exchangeApiKey(app, key)).status).toBe(200);

    clock.advance(5);
    const res = await call(app, 'DELETE', `/v1/orgs/${orgId}/api-keys/${view.id}`, token);
    expectAnswer(res, 200, { ...view, revoked_at: iso(clock.now()) });

    expect(await exchangeApiKey(app, key)).toEqual({
      status: 400,
      body: oauthError('invalid_grant', 'the API key is invalid, expired or revoked'),
    });
    const listed = await call(app, 'GET', `/v1/orgs/${orgId}/api-keys`, token);
    expect(listed.body).toEqual({ data: [{ ...view, revoked_at: iso(clock.now()) }] });
  });

  it('keeps the first revocation time when a key is revoked twice', async () => {
    const { app, clock } = ctx();
    const { orgId, token } = await developerIn();
    const created = await call(app, 'POST', `/v1/orgs/${orgId}/api-keys`, token, { name: 'k' });
    const { id } = created.body as { id: string };
    const first = await call(app, 'DELETE', `/v1/orgs/${orgId}/api-keys/${id}`, token);
    clock.advance(3);
    const again = await call(app, 'DELETE', `/v1/orgs/${orgId}/api-keys/${id}`, token);
    expect(again).toEqual({ ...first, status: 200 });
  });

  it('answers 404 for a key id that does not exist', async () => {
    const { app } = ctx();
    const { orgId, token } = await developerIn();
    const res = await call(app, 'DELETE', `/v1/orgs/${orgId}/api-keys/key_nope`, token);
    expectAnswer(res, 404, { type: 'not_found', message: 'no such API key' });
  });
});
