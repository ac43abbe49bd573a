import { describe, expect, it } from 'vitest';
import { useRunningServer } from '../helpers/server.js';
import {
  apiKeyShape,
  client,
  corolla,
  type Credential,
  fixtureCode,
  headersOf,
  integrationView,
  job,
  otherProcurement,
  ownProcurement,
  procurement,
  repairer,
  supplier,
  uuidV4,
  zeroId,
} from '../surfaces/partly/support.js';
import { error, json, partlyClient, partlyMethods as methods } from './partly-support.js';

describe('the Partly-style surface over HTTP (docs/sandbox.md, Partly-style)', () => {
  const server = useRunningServer();
  const { call, send } = partlyClient(() => server().url);

  describe('integrations.insert: the install handshake', () => {
    let installed: Credential | undefined;

    it('the contract’s curl line: the seeded code installs a fresh credential', async () => {
      const res = await fetch(`${server().url}/api/2026-01/integrations.insert`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"client_id":"partly_client_demo","client_secret":"secret_demo_8f3a","access_code":"ac_demo_valid_15m"}',
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { api_key: string; integration_id: string };
      expect(body).toEqual({
        api_key: expect.stringMatching(apiKeyShape),
        integration_id: expect.stringMatching(uuidV4),
      });
      installed = { key: body.api_key, integration: body.integration_id };
    });

    it('the new credential works as the two headers, in the org the code is bound to', async () => {
      expect(installed).toBeDefined();
      const me = installed ?? repairer;
      expect(await call('integrations.get', {}, me)).toEqual(
        integrationView(me.integration, {
          id: 'org_demo_repairer',
          name: 'Demo Repairer',
          kind: 'repairer',
        }),
      );
      expect(await call('repairer.jobs.list', {}, me)).toEqual({
        status: 200,
        body: { jobs: [job] },
      });
    });

    it('the seeded code is single-use: a second install is 401 invalid_access_code', async () => {
      expect(await call('integrations.insert', { ...client, access_code: fixtureCode })).toEqual(
        error(401, 'invalid_access_code'),
      );
    });

    it('a bad access code is 401 invalid_access_code', async () => {
      expect(await call('integrations.insert', { ...client, access_code: 'ac_nope' })).toEqual(
        error(401, 'invalid_access_code'),
      );
    });

    it('an unknown client_id is 404 integration_not_found', async () => {
      expect(
        await call('integrations.insert', {
          client_id: 'partly_client_unknown',
          client_secret: 'secret_demo_8f3a',
          access_code: 'ac_demo_valid_15m',
        }),
      ).toEqual(error(404, 'integration_not_found'));
    });

    it('a wrong client_secret is 401 unauthorized and leaves the code unspent', async () => {
      const { code } = await server().services.accessCodes.issue({
        clientId: client.client_id,
        orgId: 'org_demo_supplier',
      });
      const attempt = (client_secret: string) =>
        call('integrations.insert', { ...client, client_secret, access_code: code });
      expect(await attempt('secret_wrong')).toEqual(error(401, 'unauthorized'));
      expect((await attempt(client.client_secret)).status).toBe(200);
      expect(await attempt(client.client_secret)).toEqual(error(401, 'invalid_access_code'));
    });

    it('integrations.delete uninstalls: the key is refused on the very next request', async () => {
      const me = installed ?? repairer;
      expect(await call('integrations.delete', {}, me)).toEqual({
        status: 200,
        body: { id: me.integration, deleted: true },
      });
      expect(await call('integrations.get', {}, me)).toEqual(error(401, 'unauthorized'));
      expect(await call('repairer.jobs.list', {}, me)).toEqual(error(401, 'unauthorized'));
      // The pre-loaded credential of the same org still works.
      expect((await call('integrations.get', {}, repairer)).status).toBe(200);
    });
  });

  describe('the pre-loaded credentials', () => {
    it('integrations.get describes the calling integration', async () => {
      expect((await call('integrations.get', {}, supplier)).body).toMatchObject({
        id: supplier.integration,
        organization: { id: 'org_demo_supplier', name: 'Demo Supplier', kind: 'supplier' },
      });
    });

    it('repairer.jobs.list and repairer.jobs.get: the Corolla job', async () => {
      expect(await call('repairer.jobs.list', {}, repairer)).toEqual({
        status: 200,
        body: { jobs: [job] },
      });
      expect(await call('repairer.jobs.get', { identity: { id: corolla } }, repairer)).toEqual({
        status: 200,
        body: job,
      });
      expect(await call('repairer.jobs.get', { identity: { id: zeroId } }, repairer)).toEqual(
        error(404, 'not_found'),
      );
    });

    it('supplier.procurements.list / .get: only the own org’s procurement', async () => {
      expect(await call('supplier.procurements.list', {}, supplier)).toEqual({
        status: 200,
        body: { procurements: [procurement(ownProcurement, 'requested')] },
      });
      expect(
        await call('supplier.procurements.get', { identity: { id: ownProcurement } }, supplier),
      ).toEqual({ status: 200, body: procurement(ownProcurement, 'requested') });
    });

    it('another org’s procurement is 404 not_found, for get and confirm alike', async () => {
      const other = { identity: { id: otherProcurement } };
      expect(await call('supplier.procurements.get', other, supplier)).toEqual(
        error(404, 'not_found'),
      );
      expect(await call('supplier.procurements.confirm', other, supplier)).toEqual(
        error(404, 'not_found'),
      );
    });

    it('supplier.procurements.confirm sets the status to confirmed', async () => {
      const own = { identity: { id: ownProcurement } };
      expect(await call('supplier.procurements.confirm', own, supplier)).toEqual({
        status: 200,
        body: procurement(ownProcurement, 'confirmed'),
      });
      expect((await call('supplier.procurements.get', own, supplier)).body).toEqual(
        procurement(ownProcurement, 'confirmed'),
      );
    });
  });

  describe('rejections', () => {
    it('the contract’s curl line: a repairer key on a supplier method is 403 forbidden', async () => {
      const res = await fetch(`${server().url}/api/2026-01/supplier.procurements.confirm`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
          'Partly-Integration-ID': '0c000000-0000-4000-8000-000000000001',
          'Content-Type': 'application/json',
        },
        body: '{"identity":{"id":"00000000-0000-4000-8000-000000000000"}}',
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ type: 'forbidden' });
    });

    it.each([
      ['supplier.procurements.list', repairer],
      ['supplier.procurements.get', repairer],
      ['supplier.procurements.confirm', repairer],
      ['repairer.jobs.list', supplier],
      ['repairer.jobs.get', supplier],
    ])('%s with the wrong role is 403 forbidden', async (method, who) => {
      expect(await call(method, { identity: { id: corolla } }, who)).toEqual(
        error(403, 'forbidden'),
      );
    });

    const authFailures: Array<[string, Record<string, string>]> = [
      ['no headers at all', {}],
      ['no bearer', { 'partly-integration-id': repairer.integration }],
      ['no integration id', { authorization: `Bearer ${repairer.key}` }],
      [
        'a wrong bearer',
        {
          authorization: 'Bearer partly_00000000000000000000000000000000',
          'partly-integration-id': repairer.integration,
        },
      ],
      [
        'a garbage bearer',
        { authorization: 'Bearer ???', 'partly-integration-id': repairer.integration },
      ],
      [
        'the repairer key with the supplier’s integration id',
        { authorization: `Bearer ${repairer.key}`, 'partly-integration-id': supplier.integration },
      ],
      [
        'a garbage integration id',
        { authorization: `Bearer ${repairer.key}`, 'partly-integration-id': 'x' },
      ],
    ];
    for (const method of methods.filter((m) => m !== 'integrations.insert')) {
      it.each(authFailures)(`${method} with %s is 401 unauthorized`, async (_name, headers) => {
        const res = await send(method, {
          method: 'POST',
          headers: { 'content-type': json, ...headers },
          body: JSON.stringify({ identity: { id: corolla } }),
        });
        expect(res).toEqual(error(401, 'unauthorized'));
      });
    }
  });
});

describe('the Partly-style surface under a usage limit of 3 requests per org', () => {
  const server = useRunningServer({ usageLimit: 3, usageWindow: 3600 });
  const { call } = partlyClient(() => server().url);

  it('the 4th request of an org is 429 rate_limited with Retry-After; another org is unaffected', async () => {
    expect((await call('repairer.jobs.list', {}, repairer)).status).toBe(200);
    expect((await call('integrations.get', {}, repairer)).status).toBe(200);
    // A refused call of an authenticated org counts as well.
    expect((await call('supplier.procurements.list', {}, repairer)).status).toBe(403);

    const res = await fetch(`${server().url}/api/2026-01/repairer.jobs.list`, {
      method: 'POST',
      headers: { 'content-type': json, ...headersOf(repairer) },
      body: '{}',
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ type: 'rate_limited' });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);

    expect(await call('supplier.procurements.list', {}, supplier)).toEqual({
      status: 200,
      body: { procurements: [procurement(ownProcurement, 'requested')] },
    });
  });

  it('the install handshake carries no credential, so no org’s limit applies to it', async () => {
    expect(await call('integrations.insert', { ...client, access_code: fixtureCode })).toEqual({
      status: 200,
      body: {
        api_key: expect.stringMatching(apiKeyShape),
        integration_id: expect.stringMatching(uuidV4),
      },
    });
  });
});
