import { createClientService, type ClientService } from '../../src/clients/service.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { createSecretHasher } from '../../src/lib/hash.js';
import { grantTypeRules } from '../../src/oauth/grants/index.js';
import { createOrgService } from '../../src/orgs/service.js';
import { useStore } from '../helpers/store.js';
import type { StoreTarget } from '../helpers/targets.js';

/**
 * The client service on a fresh store of `target` for the tests of one describe block, with
 * one empty org `orgId` to make clients in.
 */
export function useClientService(target: StoreTarget, orgId: string): () => ClientService {
  const clock = createFixedClock();
  let clients: ClientService | undefined;
  useStore(target, async (db) => {
    clients = createClientService({
      db,
      clock,
      hasher: createSecretHasher('client-test-hash-key-0123456789abcdef'),
      grantTypes: grantTypeRules,
    });
    await createOrgService({ db, clock }).create({ id: orgId, name: orgId });
  });
  return () => {
    if (clients === undefined) throw new Error('the client service is not ready yet');
    return clients;
  };
}
