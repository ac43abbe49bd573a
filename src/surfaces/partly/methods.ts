import { integrationMethods } from './integrations.js';
import { repairerMethods } from './repairer.js';
import type { RpcMethod } from './rpc.js';
import { supplierMethods } from './supplier.js';

/**
 * Every method of the Partly-style RPC surface, by name, as called at
 * `POST /api/2026-01/<name>`. Each entry says who may call it and how it runs.
 */
export const partlyMethods: ReadonlyMap<string, RpcMethod> = new Map(
  Object.entries({ ...integrationMethods, ...repairerMethods, ...supplierMethods }),
);
