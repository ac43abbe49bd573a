import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRevocationFanout,
  type RevocationFanout,
} from '../../src/gateway/revocation-fanout.js';
import { createLogger } from '../../src/http/logger.js';
import { buildServer } from '../../src/http/server.js';
import { resetSandbox } from '../../src/sandbox/seed.js';
import { createServices } from '../../src/services.js';
import type { Db } from '../../src/store/database.js';
import { useSecondInstance, useTestApp, type Instance, type TestApp } from '../helpers/app.js';
import { statementLog } from '../helpers/statement-log.js';
import { storeTargets } from '../helpers/targets.js';
import { installInto } from '../surfaces/partly/support.js';
import { admin, login } from '../surfaces/patchworks/support.js';
import {
  expectWarm,
  keyedCalls,
  partnerClient,
  recordsRead,
  refusals,
  retailAdmin,
  retailKey,
  type Answer,
} from './admission-support.js';

// Instance A makes a change, instance B had what it changed in memory: B sees the change once
// its deny list has synced (every second in a server), as the revocations of tokens do.
describe.each(storeTargets)('a change on one instance, on another ($name)', (target) => {
  const ctx = useTestApp(target);
  const log = statementLog();
  const instanceB = useSecondInstance(ctx, log.connect);
  const a = () => ctx().services;
  const b = () => instanceB().app;
  const sync = () => instanceB().services.denyList.sync();

  it('a revoked API key is refused after the sync', async () => {
    const key = await retailKey(a());
    await expectWarm(log, () => keyedCalls.patchworksUser(b(), key.secret));
    await a().apiKeys.revoke('org_demo_retail', key.id, 'operator');
    await sync();
    expect(await keyedCalls.patchworksUser(b(), key.secret)).toEqual(refusals.surface);
  });

  it('an uninstalled integration is refused after the sync', async () => {
    const install = await installInto(a(), 'org_demo_repairer');
    await expectWarm(log, () => keyedCalls.partly(b(), install));
    const integration = await a().integrations.authenticate(install.key, install.integration);
    await a().integrations.uninstall(integration.integration);
    await sync();
    expect(await keyedCalls.partly(b(), install)).toEqual(refusals.surface);
  });

  it('a revoked client is refused at the token endpoint after the sync', async () => {
    const client = await partnerClient(a(), 'instances');
    await expectWarm(log, () => keyedCalls.clientCredentials(b(), client));
    await a().clients.revoke('org_partner_demo', client.id);
    await sync();
    expect(await keyedCalls.clientCredentials(b(), client)).toEqual(refusals.client);
  });

  it("an org's narrowed scopes apply after the sync", async () => {
    const org = await a().orgs.create({ name: 'Far Co', scopes: ['parts:read', 'parts:write'] });
    const { secret } = await a().apiKeys.create({
      orgId: org.id,
      name: 'k',
      scopes: ['parts:read', 'parts:write'],
    });
    const scopes = async () =>
      (await instanceB().services.authenticator.authenticate(secret)).scopes;
    expect(await scopes()).toEqual(['parts:read', 'parts:write']);
    expect((await log.during(scopes)).statements).toEqual([]);
    await a().orgs.setScopes(org.id, ['parts:read']);
    await sync();
    expect(await scopes()).toEqual(['parts:read']);
  });

  it("a person's lowered role applies after the sync", async () => {
    const { userId, token } = await retailAdmin(a(), ctx().app, 'far');
    await expectWarm(log, () => keyedCalls.blueprints(b(), token), { route: [recordsRead] });
    await a().users.addToOrg(userId, 'org_demo_retail', 'manager');
    await sync();
    expect(await keyedCalls.blueprints(b(), token)).toEqual(refusals.forbidden);
  });
});

// `gatehouse sandbox reset` deletes and re-creates the fixtures, from any process.
describe.each(storeTargets)('a sandbox reset ($name)', (target) => {
  const ctx = useTestApp(target);
  const log = statementLog();
  const instanceB = useSecondInstance(ctx, log.connect);
  const blueprints = async () => keyedCalls.blueprints(instanceB().app, await adminToken());
  let token: string | undefined;
  const adminToken = async () => (token ??= await login(instanceB().app, admin));

  /** The Patchworks admin is a manager now, and B holds that role in memory. */
  async function demotedAndHeld(by: TestApp | Instance) {
    await adminToken();
    await by.services.users.addToOrg('usr_patchworks_admin', 'org_demo_retail', 'manager');
    await instanceB().services.denyList.sync();
    // Past the seconds in which a read may predate the change (store/lookup-cache.ts).
    ctx().clock.advance(10);
    expect(await blueprints()).toEqual(refusals.forbidden);
    const held = await log.during(blueprints);
    expect({ answer: held.result, statements: held.statements }).toEqual({
      answer: refusals.forbidden,
      statements: [],
    });
  }

  it('made on this instance applies to its next call', async () => {
    await demotedAndHeld(instanceB());
    await resetSandbox(instanceB().services);
    expect((await blueprints()).status).toBe(200);
  });

  it('made by another process applies after the sync', async () => {
    ctx().clock.advance(10);
    await demotedAndHeld(ctx());
    await resetSandbox(ctx().services);
    await instanceB().services.denyList.sync();
    expect((await blueprints()).status).toBe(200);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;

/** An instance beside `ctx`'s that hears and tells revocations through Redis, never syncing. */
function useFannedOutInstance(ctx: () => TestApp, connect: (db: Db) => Db = (db) => db) {
  let instance: Instance | undefined;
  let fanout: RevocationFanout | undefined;
  beforeAll(async () => {
    const { services, clock } = ctx();
    fanout = createRevocationFanout(redisUrl ?? '', createLogger('silent'));
    const built = await createServices({
      config: services.config,
      db: connect(services.db),
      clock,
      notifier: fanout,
    });
    await fanout.listen(built.denyList);
    instance = { app: await buildServer(built, createLogger('silent')), services: built };
  });
  afterAll(async () => {
    await instance?.app.close();
    await fanout?.close();
  });
  return () => {
    if (instance === undefined) throw new Error('the instance is not ready yet');
    return instance;
  };
}

/** `call` until it answers other than 200, for at most two seconds. */
async function untilRefused(call: () => Promise<Answer>): Promise<Answer> {
  const deadline = Date.now() + 2000;
  let answer = await call();
  while (answer.status === 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    answer = await call();
  }
  return answer;
}

describe.runIf(redisUrl !== undefined).each(storeTargets)(
  'a change on one instance, on another through Redis ($name)',
  (target) => {
    const ctx = useTestApp(target);
    const log = statementLog();
    const instanceA = useFannedOutInstance(ctx);
    const instanceB = useFannedOutInstance(ctx, log.connect);
    const b = () => instanceB().app;

    it('a revoked API key is refused without a sync', async () => {
      const key = await retailKey(instanceA().services);
      await expectWarm(log, () => keyedCalls.patchworksUser(b(), key.secret));
      await instanceA().services.apiKeys.revoke('org_demo_retail', key.id, 'operator');
      expect(await untilRefused(() => keyedCalls.patchworksUser(b(), key.secret))).toEqual(
        refusals.surface,
      );
    });

    it("a person's lowered role applies without a sync", async () => {
      const { userId, token } = await retailAdmin(instanceA().services, ctx().app, 'fanned');
      await expectWarm(log, () => keyedCalls.blueprints(b(), token), { route: [recordsRead] });
      await instanceA().services.users.addToOrg(userId, 'org_demo_retail', 'manager');
      expect(await untilRefused(() => keyedCalls.blueprints(b(), token))).toEqual(
        refusals.forbidden,
      );
    });
  },
);
