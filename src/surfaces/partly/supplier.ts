import { EmptyBody, getOwn, IdentityBody, listOwn, notFound, recordView } from './records.js';
import { callerMethod } from './rpc.js';

/** Methods for integrations installed in a supplier org: the procurements sent to it. */
export const supplierMethods = {
  'supplier.procurements.list': callerMethod(
    'supplier',
    EmptyBody,
    async (_body, deps, caller) => ({ procurements: await listOwn(deps, caller, 'procurement') }),
  ),

  'supplier.procurements.get': callerMethod('supplier', IdentityBody, (body, deps, caller) =>
    getOwn(deps, caller, 'procurement', body.identity.id),
  ),

  /** Confirms a procurement: its status becomes `confirmed`. Confirming twice is harmless. */
  'supplier.procurements.confirm': callerMethod(
    'supplier',
    IdentityBody,
    async (body, deps, caller) => {
      const id = body.identity.id.toLowerCase();
      const updated = await deps.records.update(caller.org.id, 'procurement', id, {
        status: 'confirmed',
      });
      if (updated === undefined) throw notFound('procurement');
      return recordView(updated);
    },
  ),
};
