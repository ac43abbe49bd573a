import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { partner, useTestApp } from '../../helpers/app.js';
import { clientCredentialsToken } from '../../helpers/requests.js';
import { storeTargets } from '../../helpers/targets.js';
import { expectJson } from '../../helpers/replies.js';
import { anotherPartnerClient, partnerOrg } from './support.js';

const demoRequestor = '0e000000-0000-4000-8000-000000000001';

describe.each(storeTargets)('partner commands ($name)', (target) => {
  const ctx = useTestApp(target);

  const tokenOf = (id: string, secret: string) => clientCredentialsToken(ctx().app, { id, secret });

  const partnerToken = () => tokenOf(partner.id, partner.secret);

  async function command(
    name: string,
    token: string,
    options: { requestor?: string; json?: unknown } = {},
  ) {
    const res = await ctx().app.inject({
      method: 'POST',
      url: `/partner/v1/commands/${name}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.requestor === undefined ? {} : { 'requestor-id': options.requestor }),
      },
      ...(options.json === undefined ? {} : { payload: options.json as object }),
    });
    return { status: res.statusCode, body: res.json<unknown>() };
  }

  describe('the requestor', () => {
    it('refuses a natural person of another org, made through the services', async () => {
      const { services } = ctx();
      const org = await services.orgs.create({ name: 'Another Partner' });
      const stranger = randomUUID();
      await services.records.create(org.id, 'natural_person', stranger, {
        first_name: 'Stranger',
        last_name: 'Elsewhere',
      });
      const answer = await command('list-customers', await partnerToken(), {
        requestor: stranger,
      });
      expect(answer).toEqual({ status: 400, body: { type: 'invalid_requestor_id' } });
    });

    it('accepts the id in upper case: a UUID is a UUID', async () => {
      const answer = await command('list-customers', await partnerToken(), {
        requestor: demoRequestor.toUpperCase(),
      });
      expect(answer.status).toBe(200);
    });

    it('refuses a Requestor-ID given twice', async () => {
      const res = await ctx().app.inject({
        method: 'POST',
        url: '/partner/v1/commands/list-customers',
        headers: {
          authorization: `Bearer ${await partnerToken()}`,
          'requestor-id': [demoRequestor, demoRequestor],
        },
      });
      expectJson(res, 400, { type: 'invalid_requestor_id' });
    });

    it('is recorded as created_by on the natural persons it creates', async () => {
      const { services } = ctx();
      const token = await partnerToken();
      const one = await command('create-natural-person', token, {
        requestor: demoRequestor,
        json: { first_name: 'Ada', last_name: 'Lovelace' },
      });
      const { id } = one.body as { id: string };
      expect((await services.records.get(partnerOrg, 'natural_person', id))?.data).toEqual({
        first_name: 'Ada',
        last_name: 'Lovelace',
        created_by: demoRequestor,
      });

      const many = await command('natural-persons-wizard', token, {
        requestor: id,
        json: {
          persons: [
            { first_name: 'Grace', last_name: 'Hopper' },
            { first_name: 'Alan', last_name: 'Turing' },
          ],
        },
      });
      const { ids } = many.body as { ids: string[] };
      const stored = await Promise.all(
        ids.map((personId) => services.records.get(partnerOrg, 'natural_person', personId)),
      );
      expect(stored.map((person) => person?.data)).toEqual([
        { first_name: 'Grace', last_name: 'Hopper', created_by: id },
        { first_name: 'Alan', last_name: 'Turing', created_by: id },
      ]);
    });

    it('is recorded on a customer; without one, or with an invalid one, created_by is null', async () => {
      const { services } = ctx();
      const token = await partnerToken();
      const cases = [
        [demoRequestor, demoRequestor],
        [undefined, null],
        ['not-a-person', null],
      ] as const;
      for (const [requestor, createdBy] of cases) {
        const created = await command('create-legal-entity-customer', token, {
          ...(requestor === undefined ? {} : { requestor }),
          json: { name: 'Acme Ltd' },
        });
        expect(created.status).toBe(201);
        const { id } = created.body as { id: string };
        expect((await services.records.get(partnerOrg, 'customer', id))?.data).toEqual({
          type: 'legal_entity',
          name: 'Acme Ltd',
          created_by: createdBy,
        });
      }
    });
  });

  describe('what the commands store', () => {
    it('prepare-legal-entity stores nothing', async () => {
      const { services } = ctx();
      const before = await services.records.list(partnerOrg, 'customer');
      const answer = await command('prepare-legal-entity', await partnerToken(), {
        json: { name: 'Prepared GmbH' },
      });
      expect(answer).toEqual({ status: 200, body: { name: 'Prepared GmbH', status: 'prepared' } });
      expect(await services.records.list(partnerOrg, 'customer')).toEqual(before);
    });

    it("natural persons land in the caller's org only", async () => {
      const { services } = ctx();
      const backendToken = await tokenOf(
        'gatehouse_demo_backend',
        'gatehouse_demo_backend_secret_1f7d',
      );
      const created = await command('create-natural-person', backendToken, {
        json: { first_name: 'Olga', last_name: 'Other' },
      });
      const { id } = created.body as { id: string };
      expect(await services.records.get('org_gatehouse_demo', 'natural_person', id)).toBeDefined();
      expect(await services.records.get(partnerOrg, 'natural_person', id)).toBeUndefined();
    });
  });

  describe('the token', () => {
    it('is refused once it has expired', async () => {
      const { clock } = ctx();
      const token = await partnerToken();
      expect((await command('list-customers', token, { requestor: demoRequestor })).status).toBe(
        200,
      );
      clock.advance(601);
      const answer = await command('list-customers', token, { requestor: demoRequestor });
      expect(answer).toEqual({ status: 401, body: { type: 'unauthorized' } });
    });

    it('is refused on the next command once its client is revoked', async () => {
      const { services } = ctx();
      const client = await anotherPartnerClient(services, 'second partner client');
      const token = await tokenOf(client.id, client.secret);
      expect((await command('list-customers', token, { requestor: demoRequestor })).status).toBe(
        200,
      );
      await services.clients.revoke(partnerOrg, client.id);
      const answer = await command('list-customers', token, { requestor: demoRequestor });
      expect(answer).toEqual({ status: 401, body: { type: 'unauthorized' } });
    });
  });
});
