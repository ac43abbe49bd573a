import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { storeTargets } from '../../helpers/targets.js';
import {
  call,
  corolla,
  installInto,
  integrationView,
  repairer,
  supplier,
  uuidV4,
  zeroId,
} from './support.js';
import { expectJson } from '../../helpers/replies.js';
import { rawRequest } from '../../helpers/requests.js';

const error = (status: number, type: string) => ({ status, body: { type } });

describe.each(storeTargets)('Partly-style methods: who may call ($name)', (target) => {
  const ctx = useTestApp(target);
  const install = (orgId: string) => installInto(ctx().services, orgId);

  describe('authentication: both headers must name one live install', () => {
    const raw = (headers: Record<string, string>) =>
      ctx().app.inject({
        method: 'POST',
        url: '/api/2026-01/integrations.get',
        headers: { 'content-type': 'application/json', ...headers },
        payload: '{}',
      });
    const id = { 'partly-integration-id': repairer.integration };

    it.each([
      ['no headers', {}],
      ['the bearer without the integration id', { authorization: `Bearer ${repairer.key}` }],
      ['the integration id without a bearer', id],
      [
        'an empty integration id',
        { authorization: `Bearer ${repairer.key}`, 'partly-integration-id': '' },
      ],
      ['a wrong key', { ...id, authorization: 'Bearer partly_0123456789abcdef0123456789abcdef' }],
      ['a garbage bearer', { ...id, authorization: 'Bearer %%%' }],
      ['the key without the Bearer scheme', { ...id, authorization: repairer.key }],
      ['a Basic credential', { ...id, authorization: 'Basic dXNlcjpwYXNz' }],
      [
        'the repairer key with the supplier integration id',
        { authorization: `Bearer ${repairer.key}`, 'partly-integration-id': supplier.integration },
      ],
      [
        'an integration id that is not a UUID',
        { authorization: `Bearer ${repairer.key}`, 'partly-integration-id': 'not-a-uuid' },
      ],
      [
        'an integration id of no install',
        { authorization: `Bearer ${repairer.key}`, 'partly-integration-id': zeroId },
      ],
      [
        'a key of another surface',
        { ...id, authorization: 'Bearer partium_demo_key_5c1f0e2d9b8a7c6d4e3f' },
      ],
    ])('refuses %s with 401 unauthorized and a Bearer challenge', async (_name, headers) => {
      const res = await raw(headers);
      expectJson(res, 401, { type: 'unauthorized' });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="partly"');
    });

    it('accepts the scheme in any case and the integration id in upper case', async () => {
      const res = await raw({
        authorization: `bearer ${repairer.key}`,
        'partly-integration-id': repairer.integration.toUpperCase(),
      });
      expect(res.statusCode).toBe(200);
    });
  });

  describe('integrations.get and integrations.delete', () => {
    it('describes the calling integration', async () => {
      const res = await call(ctx().app, 'integrations.get', {}, supplier);
      expect(res).toEqual(
        integrationView(supplier.integration, {
          id: 'org_demo_supplier',
          name: 'Demo Supplier',
          kind: 'supplier',
        }),
      );
    });

    it('uninstalls: the key is refused from the very next request', async () => {
      const { app, services } = ctx();
      const mine = await install('org_demo_repairer');
      expect((await call(app, 'repairer.jobs.list', {}, mine)).status).toBe(200);
      expect(await call(app, 'integrations.delete', {}, mine)).toEqual({
        status: 200,
        body: { id: mine.integration, deleted: true },
      });
      expect(await call(app, 'repairer.jobs.list', {}, mine)).toEqual(error(401, 'unauthorized'));
      expect(await call(app, 'integrations.delete', {}, mine)).toEqual(error(401, 'unauthorized'));
      const row = await services.db
        .selectFrom('integrations')
        .select('uninstalled_at')
        .where('id', '=', mine.integration)
        .executeTakeFirst();
      expect(row?.uninstalled_at).toBe(ctx().clock.now());
      // The org's other integration is untouched.
      expect((await call(app, 'repairer.jobs.list', {}, repairer)).status).toBe(200);
    });
  });

  describe('the order of checks', () => {
    it('an unknown method is 404 method_not_found, before authentication', async () => {
      expect(await call(ctx().app, 'supplier.procurements.delete', {})).toEqual(
        error(404, 'method_not_found'),
      );
      expect(await call(ctx().app, 'toString', {})).toEqual(error(404, 'method_not_found'));
    });

    it('authentication comes before the body: no credential and a bad body is 401', async () => {
      const request = rawRequest(
        'POST',
        '/api/2026-01/repairer.jobs.get',
        'application/json',
        '{not json',
      );
      const res = await ctx().app.inject(request);
      expectJson(res, 401, { type: 'unauthorized' });
    });

    it('the role comes before the body: a repairer with a bad body on a supplier method is 403', async () => {
      expect(await call(ctx().app, 'supplier.procurements.confirm', {}, repairer)).toEqual(
        error(403, 'forbidden'),
      );
    });

    it.each([
      ['an empty body', {}],
      ['identity missing its id', { identity: {} }],
      ['a numeric id', { identity: { id: 5 } }],
      ['a null id', { identity: { id: null } }],
      ['an empty id', { identity: { id: '' } }],
      ['identity as a string', { identity: corolla }],
      ['an array body', [{ identity: { id: corolla } }]],
    ])('then the body: %s is 400 invalid_request', async (_name, body) => {
      expect(await call(ctx().app, 'repairer.jobs.get', body, repairer)).toEqual(
        error(400, 'invalid_request'),
      );
    });

    it('a list method takes any JSON object, but nothing else', async () => {
      const { app } = ctx();
      expect((await call(app, 'repairer.jobs.list', { page: 1 }, repairer)).status).toBe(200);
      for (const body of [[], 'x', 1, null]) {
        expect(await call(app, 'repairer.jobs.list', body, repairer)).toEqual(
          error(400, 'invalid_request'),
        );
      }
    });
  });

  it('hands out integration ids that are UUID v4', async () => {
    expect((await install('org_demo_supplier')).integration).toMatch(uuidV4);
  });
});
