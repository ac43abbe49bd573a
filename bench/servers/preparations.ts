import { resolveClientCredentials } from '../../src/oauth/grants/client_credentials.js';
import { resolvePassword } from '../../src/oauth/grants/password.js';
import type { Services } from '../../src/services.js';
import {
  backendClient,
  installClient,
  partnerClient,
  partiumKey,
  partsDeveloper,
  repairerInstall,
} from '../fixtures.js';
import type { Preparations } from './ipc.js';

/**
 * What the harness asks a Gatehouse bench server to make before a round: single-use or
 * first-seen values, made by the product's own services exactly as its endpoints make them
 * (the grant's resolution, then the issuer), so that a round spends them and nothing else.
 */
export function preparations(services: Services): Preparations {
  const registered = async (id: string) => {
    const client = await services.clients.find(id);
    if (client === undefined) throw new Error(`no client ${id}`);
    return { registered: client };
  };
  return {
    /** Access tokens of the partner client, as client_credentials issues them. */
    async accessTokens(count) {
      const { registered: client } = await registered(partnerClient.id);
      return inBatches(count, 16, async () => {
        const answer = await services.issuer.issue(resolveClientCredentials({ client }));
        return answer.access_token;
      });
    },
    /** Access codes that install the Partly-style client into the Demo Repairer. */
    async accessCodes(count) {
      return inBatches(count, 16, async () => {
        const issued = await services.accessCodes.issue({
          clientId: installClient.id,
          orgId: repairerInstall.orgId,
        });
        return issued.code;
      });
    },
    /** Refresh tokens, each of a family of its own: a person's sign-in (password grant). */
    async refreshTokens(count) {
      const client = await registered(backendClient.id);
      // The sign-in throttle admits five attempts on one account at once (users/login.ts).
      return inBatches(count, 4, async () => {
        const grant = await resolvePassword(
          {
            client,
            username: partsDeveloper.email,
            password: partsDeveloper.password,
            orgId: partiumKey.orgId,
            address: '127.0.0.1',
          },
          services,
        );
        const answer = await services.issuer.issue(grant);
        if (answer.refresh_token === undefined) throw new Error('no refresh token was issued');
        return answer.refresh_token;
      });
    },
  };
}

/** `count` results of `make`, `size` at a time. */
async function inBatches<T>(count: number, size: number, make: () => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  while (made.length < count) {
    const batch = Math.min(size, count - made.length);
    made.push(...(await Promise.all(Array.from({ length: batch }, make))));
  }
  return made;
}
