import type { KeyFormat } from '../apikeys/format.js';
import type { ApiKeyService } from '../apikeys/service.js';
import type { ClientService } from '../clients/service.js';
import { DomainError } from '../errors.js';
import type { Principal } from '../gateway/principal.js';
import type { Clock } from '../lib/clock.js';
import { withoutInvisibleCharacters } from '../lib/names.js';
import { isUuid, newUuid } from '../lib/random.js';
import { credentialEntry } from '../oauth/deny-list.js';
import { requireWellFormedVerifier } from '../oauth/pkce.js';
import type { Db } from '../store/database.js';
import { uncachedLookups, type LookupCaches } from '../store/lookup-cache.js';
import type { Database } from '../store/schema.js';
import type { AccessCodeService } from './access-codes.js';

/** An install of an OAuth client into an org. It owns one API key. */
export interface Integration {
  id: string;
  orgId: string;
  clientId: string;
  apiKeyId: string;
  createdAt: number;
  uninstalledAt: number | null;
}

export interface IntegrationService {
  /**
   * The install handshake: a client's credentials and a single-use access code become a
   * fresh API key and integration. The code is checked last, so that a wrong secret does
   * not spend it; spending it and creating both objects is one transaction. A code issued
   * with a PKCE challenge installs only with `codeVerifier` (RFC 7636 §4.5), one issued
   * without it only without one; a code presented otherwise is refused as a spent one would
   * be, and is not spent (integrations/access-codes.ts).
   */
  install(input: {
    clientId: string;
    clientSecret: string;
    accessCode: string;
    codeVerifier?: string;
  }): Promise<{ integration: Integration; apiKey: string }>;
  /** The live integration that `secret` is the key of; `credential_invalid` otherwise. */
  authenticate(
    secret: string,
    integrationId: string,
  ): Promise<{ integration: Integration; principal: Principal }>;
  /** Uninstalls: the integration's key is revoked, so it is refused from the next request. */
  uninstall(integration: Integration): Promise<void>;
}

export function createIntegrationService({
  db,
  clock,
  clients,
  apiKeys,
  accessCodes,
  keyFormat,
  lookups = uncachedLookups,
}: {
  db: Db;
  clock: Clock;
  clients: ClientService;
  apiKeys: ApiKeyService;
  accessCodes: AccessCodeService;
  /** The format of the keys installs get: the contract whose handshake installs declares it. */
  keyFormat: KeyFormat;
  /**
   * Keeps integrations by id. Only `uninstalled_at` of one ever changes, and uninstalling
   * revokes its key first, which makes the held row stale (and the key refused).
   */
  lookups?: LookupCaches;
}): IntegrationService {
  const held = lookups.lookup<Integration>({
    dependsOn: (integration) => [credentialEntry('api_key', integration.apiKeyId)],
  });
  const byId = (id: string) =>
    held.get(id, async () => {
      const row = await db
        .selectFrom('integrations')
        .selectAll()
        .where('id', '=', id)
        .where('uninstalled_at', 'is', null)
        .executeTakeFirst();
      return row && toIntegration(row);
    });
  const unauthorized = () =>
    new DomainError(
      'credential_invalid',
      'the API key and integration id do not match a live install',
    );

  return {
    async install({ clientId, clientSecret, accessCode, codeVerifier }) {
      requireWellFormedVerifier(codeVerifier);
      // The client as stored now: the handshake spends a code on it.
      const fresh = { fresh: true };
      if ((await clients.find(clientId, fresh)) === undefined) {
        throw new DomainError('not_found', 'no such integration client', { subject: 'client' });
      }
      const client = await clients.authenticate(clientId, clientSecret, fresh);
      if (client === undefined) {
        throw new DomainError('credential_invalid', 'wrong client_secret', { subject: 'client' });
      }
      return db.transaction().execute(async (trx) => {
        const orgId = await accessCodes.consume(trx, accessCode, client.id, codeVerifier);
        if (orgId === undefined) {
          throw new DomainError('credential_invalid', 'the access code is invalid or spent', {
            subject: 'access_code',
          });
        }
        const id = newUuid();
        const { apiKey, secret } = await apiKeys.create(
          {
            orgId,
            name: integrationKeyName(client.name),
            role: 'member',
            format: keyFormat,
          },
          trx,
        );
        const row: Database['integrations'] = {
          id,
          org_id: orgId,
          client_id: client.id,
          api_key_id: apiKey.id,
          created_at: clock.now(),
          uninstalled_at: null,
        };
        await trx.insertInto('integrations').values(row).execute();
        return { integration: toIntegration(row), apiKey: secret };
      });
    },

    async authenticate(secret, integrationId) {
      if (!isUuid(integrationId)) throw unauthorized();
      const id = integrationId.toLowerCase();
      const key = await apiKeys.verify(secret, { integrationId: id });
      if (key === undefined) throw unauthorized();
      const integration = await byId(id);
      // An install lives only as long as the client it installed: a revoked client's
      // integrations are refused too.
      if (integration === undefined || (await clients.find(integration.clientId)) === undefined) {
        throw unauthorized();
      }
      return {
        integration,
        principal: {
          orgId: integration.orgId,
          subject: { type: 'integration', id: integration.id },
          role: key.role,
          scopes: key.scopes,
          credential: { type: 'api_key', id: key.id, expiresAt: key.expiresAt },
          clientId: integration.clientId,
        },
      };
    },

    async uninstall(integration) {
      // The key first: once it is revoked nothing authenticates as the install, whether or
      // not the second write happens (and a retry with the key is then refused anyway).
      await apiKeys.revoke(integration.orgId, integration.apiKeyId, 'operator');
      await db
        .updateTable('integrations')
        .set({ uninstalled_at: clock.now() })
        .where('id', '=', integration.id)
        .where('uninstalled_at', 'is', null)
        .execute();
    },
  };
}

function toIntegration(row: Database['integrations']): Integration {
  return {
    id: row.id,
    orgId: row.org_id,
    clientId: row.client_id,
    apiKeyId: row.api_key_id,
    createdAt: row.created_at,
    uninstalledAt: row.uninstalled_at,
  };
}

/**
 * The name of an install's key, after its client: within the 200 characters of a key name,
 * and without the control or invisible characters a client name stored before they were
 * refused may hold (the client is another org's: its name must not reach this org's lists
 * as it was typed).
 */
function integrationKeyName(clientName: string): string {
  const suffix = ' integration';
  return `${withoutInvisibleCharacters(clientName.slice(0, 200 - suffix.length)).trim()}${suffix}`;
}
