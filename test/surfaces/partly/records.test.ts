import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.js';
import { storeTargets } from '../../helpers/targets.js';
import {
  call,
  corolla,
  installInto,
  job,
  otherProcurement,
  ownProcurement,
  procurement,
  repairer,
  supplier,
  zeroId,
} from './support.js';

const error = (status: number, type: string) => ({ status, body: { type } });

describe.each(storeTargets)('Partly-style methods: jobs and procurements ($name)', (target) => {
  const ctx = useTestApp(target);
  const install = (orgId: string) => installInto(ctx().services, orgId);
  const getProcurement = (id: string) =>
    call(ctx().app, 'supplier.procurements.get', { identity: { id } }, supplier);

  describe('repairer methods', () => {
    it('lists and gets the own org’s jobs', async () => {
      const { app } = ctx();
      expect(await call(app, 'repairer.jobs.list', {}, repairer)).toEqual({
        status: 200,
        body: { jobs: [job] },
      });
      expect(await call(app, 'repairer.jobs.get', { identity: { id: corolla } }, repairer)).toEqual(
        { status: 200, body: job },
      );
    });

    it('another org’s job, no such job, or another kind of record is 404 not_found', async () => {
      const { app, services } = ctx();
      const otherRepairer = await services.orgs.create({
        name: 'Rival Repairer',
        kind: 'repairer',
      });
      await services.records.create(
        otherRepairer.id,
        'job',
        '0a000000-0000-4000-8000-0000000000ff',
        {
          vehicle: '2020 Mazda 3',
          status: 'open',
        },
      );
      const rival = await install(otherRepairer.id);
      for (const id of [corolla, zeroId]) {
        expect(await call(app, 'repairer.jobs.get', { identity: { id } }, rival)).toEqual(
          error(404, 'not_found'),
        );
      }
      expect(
        await call(app, 'repairer.jobs.get', { identity: { id: ownProcurement } }, repairer),
      ).toEqual(error(404, 'not_found'));
      expect((await call(app, 'repairer.jobs.list', {}, rival)).body).toEqual({
        jobs: [
          { id: '0a000000-0000-4000-8000-0000000000ff', vehicle: '2020 Mazda 3', status: 'open' },
        ],
      });
    });

    it.each(['repairer.jobs.list', 'repairer.jobs.get'])(
      'is 403 forbidden for a supplier: %s',
      async (method) => {
        expect(await call(ctx().app, method, { identity: { id: corolla } }, supplier)).toEqual(
          error(403, 'forbidden'),
        );
      },
    );
  });

  describe('supplier methods', () => {
    it.each([
      'supplier.procurements.list',
      'supplier.procurements.get',
      'supplier.procurements.confirm',
    ])('is 403 forbidden for a repairer: %s', async (method) => {
      expect(await call(ctx().app, method, { identity: { id: zeroId } }, repairer)).toEqual(
        error(403, 'forbidden'),
      );
    });

    it('is 403 forbidden for an org of no kind', async () => {
      const { app, services } = ctx();
      const plain = await install((await services.orgs.create({ name: 'Plain Co' })).id);
      expect(await call(app, 'supplier.procurements.list', {}, plain)).toEqual(
        error(403, 'forbidden'),
      );
      expect((await call(app, 'integrations.get', {}, plain)).status).toBe(200);
    });

    it('lists and gets only the own org’s procurements', async () => {
      const { app } = ctx();
      expect(await call(app, 'supplier.procurements.list', {}, supplier)).toEqual({
        status: 200,
        body: { procurements: [procurement(ownProcurement, 'requested')] },
      });
      expect(await getProcurement(ownProcurement)).toEqual({
        status: 200,
        body: procurement(ownProcurement, 'requested'),
      });
      expect(await getProcurement(otherProcurement)).toEqual(error(404, 'not_found'));
    });

    it('confirms its own procurement, and only its own', async () => {
      const { app, services } = ctx();
      const confirm = (id: string) =>
        call(app, 'supplier.procurements.confirm', { identity: { id } }, supplier);
      expect(await confirm(otherProcurement)).toEqual(error(404, 'not_found'));
      expect(await confirm(zeroId)).toEqual(error(404, 'not_found'));
      const untouched = await services.records.get(
        'org_other_supplier',
        'procurement',
        otherProcurement,
      );
      expect(untouched?.data.status).toBe('requested');

      expect(await confirm(ownProcurement)).toEqual({
        status: 200,
        body: procurement(ownProcurement, 'confirmed'),
      });
      expect(await getProcurement(ownProcurement)).toEqual({
        status: 200,
        body: procurement(ownProcurement, 'confirmed'),
      });
      // Confirming again is harmless.
      expect((await confirm(ownProcurement)).body).toEqual(
        procurement(ownProcurement, 'confirmed'),
      );
    });
  });
});
