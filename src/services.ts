import { createApiKeyService } from './apikeys/service.js';
import { createClientService } from './clients/service.js';
import { ConfigError, decodeSecretKey, maxAccessTokenTtl, type Config } from './config.js';
import { createAuthenticator } from './gateway/authenticate.js';
import { createMemoryUsageLimiter, type UsageLimiter } from './gateway/usage-limit.js';
import { grantTypeRules } from './oauth/grants/index.js';
import { createAccessCodeService } from './integrations/access-codes.js';
import { createIntegrationService } from './integrations/service.js';
import type { Clock } from './lib/clock.js';
import { createSecretHasher } from './lib/hash.js';
import { createSealer } from './lib/sealing.js';
import { createAccessTokenService } from './oauth/access-tokens.js';
import { createAuthorizationCodeService } from './oauth/authorization-codes.js';
import { createConsentService } from './oauth/consents.js';
import { createDenyList, credentialEntry, type RevocationNotifier } from './oauth/deny-list.js';
import { createIdTokenService } from './oauth/id-tokens.js';
import { createRefreshTokenService } from './oauth/refresh-tokens.js';
import { createSigningKeyService } from './oauth/signing-keys.js';
import { createTokenIssuer } from './oauth/token-issuer.js';
import { turnSigner } from './oauth/turn-signer.js';
import { createOrgService } from './orgs/service.js';
import type { Db } from './store/database.js';
import { createRecordService } from './records/service.js';
import { createCsrf } from './sessions/csrf.js';
import { createSessionService } from './sessions/service.js';
import { createLookupCaches } from './store/lookup-cache.js';
import { resolveHashKey } from './store/settings.js';
import { partlyAccessCodeTtl } from './surfaces/partly/access-code-ttl.js';
import { partlyKeyFormat } from './surfaces/partly/key-format.js';
import { contractKeyFormats, loginAudiences } from './surfaces/index.js';
import { createLoginService } from './users/login.js';
import { createLoginThrottle } from './users/login-throttle.js';
import { createUserService } from './users/service.js';

export type Services = Awaited<ReturnType<typeof createServices>>;

/**
 * Every audience this server issues tokens for (oauth/audience.ts): the native one and those
 * of the contracts' own logins (surfaces/index.ts).
 */
function issuedAudiences(config: Pick<Config, 'publicUrl' | 'audience'>): string[] {
  return [config.audience, ...loginAudiences(config)];
}

/** The composition root: every service is built once, here, from its narrow dependencies. */
export async function createServices({
  config,
  db,
  clock,
  notifier,
  usage,
}: {
  config: Config;
  db: Db;
  clock: Clock;
  notifier?: RevocationNotifier;
  /** Shared usage counters (Redis) for many instances; in-process counters otherwise. */
  usage?: UsageLimiter;
}) {
  const hasher = createSecretHasher(await resolveHashKey(db, config.hashKey));
  const denyList = createDenyList({ db, clock, ...(notifier ? { notifier } : {}) });
  await denyList.sync();
  // What admitting a keyed call reads (its key, integration, client, org, a person's role)
  // is kept in memory, and made stale through the deny list by every change to it.
  const lookups = createLookupCaches({ denyList, clock });
  const orgs = createOrgService({ db, clock, lookups });
  const users = createUserService({ db, clock, lookups });
  const logins = createLoginService({ users, throttle: createLoginThrottle({ db, clock }) });
  // A revoked credential's access tokens are refused at once, for as long as any can live,
  // and its refresh token families end (refreshTokens is built below; this runs later).
  const refuseTokensOf = (kind: 'client' | 'api_key') => async (id: string) => {
    await denyList.revoke(credentialEntry(kind, id), clock.now() + maxAccessTokenTtl);
    await refreshTokens.revokeFamiliesOf(kind, id);
  };
  const apiKeys = createApiKeyService({
    db,
    clock,
    hasher,
    onRevoke: refuseTokensOf('api_key'),
    formats: contractKeyFormats,
    lookups,
  });
  const clients = createClientService({
    db,
    clock,
    hasher,
    onRevoke: refuseTokensOf('client'),
    grantTypes: grantTypeRules,
    lookups,
  });
  // startServer and the CLI resolve the key (environment, or the sandbox's key file) first.
  if (config.secretKey === undefined) throw new ConfigError('GATEHOUSE_SECRET_KEY is not set');
  const sealer = createSealer(decodeSecretKey(config.secretKey));
  const keys = createSigningKeyService({ db, clock, alg: config.signingAlg, sealer, denyList });
  await keys.init();
  // One signer for every token the server signs: those asked for in a turn are made together.
  const sign = turnSigner();
  const accessTokens = createAccessTokenService({ keys, denyList, clock, config, sign });
  const refreshTokens = createRefreshTokenService({
    db,
    clock,
    hasher,
    denyList,
    ttl: config.refreshTokenTtl,
  });
  const authorizationCodes = createAuthorizationCodeService({
    db,
    clock,
    hasher,
    denyList,
    refreshTokens,
  });
  const idTokens = createIdTokenService({ keys, clock, config, sign });
  const issuer = createTokenIssuer({ accessTokens, refreshTokens, idTokens, config, clock });
  const authenticator = createAuthenticator({
    accessTokens,
    apiKeys,
    nativeAudience: config.audience,
  });
  const accessCodes = createAccessCodeService({ db, clock, hasher, ttl: partlyAccessCodeTtl });
  const integrations = createIntegrationService({
    db,
    clock,
    clients,
    apiKeys,
    accessCodes,
    keyFormat: partlyKeyFormat,
    lookups,
  });
  const records = createRecordService({ db, clock });
  const sessions = createSessionService({ db, clock, hasher });
  const usageLimit = { limit: config.usageLimit, window: config.usageWindow, clock };
  return {
    config,
    db,
    clock,
    orgs,
    users,
    logins,
    apiKeys,
    clients,
    keys,
    denyList,
    lookups,
    accessTokens,
    idTokens,
    refreshTokens,
    authorizationCodes,
    consents: createConsentService({
      db,
      clock,
      onRevoke: async (holder) => {
        await refreshTokens.revokeFamiliesFor(holder);
        await authorizationCodes.withdraw(holder);
      },
    }),
    issuer,
    authenticator,
    accessCodes,
    integrations,
    records,
    sessions,
    csrf: createCsrf(hasher),
    issuedAudiences: issuedAudiences(config),
    usage: usage ?? createMemoryUsageLimiter(usageLimit),
  };
}
