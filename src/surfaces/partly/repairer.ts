import { EmptyBody, getOwn, IdentityBody, listOwn } from './records.js';
import { callerMethod } from './rpc.js';

/** Methods for integrations installed in a repairer org: the org's own jobs. */
export const repairerMethods = {
  'repairer.jobs.list': callerMethod('repairer', EmptyBody, async (_body, deps, caller) => ({
    jobs: await listOwn(deps, caller, 'job'),
  })),

  'repairer.jobs.get': callerMethod('repairer', IdentityBody, (body, deps, caller) =>
    getOwn(deps, caller, 'job', body.identity.id),
  ),
};
