import { describe, expect, it } from 'vitest';
import { useSecondInstance, useTestApp } from '../helpers/app.js';
import { statementLog } from '../helpers/statement-log.js';
import { decodeJwt } from 'jose';
import { partiumAccessToken } from '../helpers/requests.js';
import { storeTargets } from '../helpers/targets.js';
import { installInto, call as partlyCall, repairer } from '../surfaces/partly/support.js';
import { admin, login, demoKey as patchworksKey } from '../surfaces/patchworks/support.js';
import { demoKey as partiumKey } from '../surfaces/partium/support.js';
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

// Admitting a keyed call reads its credential, integration, client, org and a person's role
// from memory once warm (store/lookup-cache.ts), and anything that changes what admission
// decides is seen by the very next call of the instance that made the change.
describe.each(storeTargets)('admitting a keyed call from memory ($name)', (target) => {
  const ctx = useTestApp(target);
  const log = statementLog();
  // The instance under test, whose every statement is logged, on the store ctx seeded.
  const instance = useSecondInstance(ctx, log.connect);
  const app = () => instance().app;
  const services = () => instance().services;

  const warm = (call: () => Promise<Answer>, reads: string, route: unknown[] = []) =>
    expectWarm(log, call, { reads, route });

  describe('runs no SQL once warm', () => {
    it('for a Partly call with its two headers', async () => {
      await warm(() => keyedCalls.partly(app(), repairer), 'integrations');
    });

    it('for a Patchworks call with a raw key', async () => {
      await warm(() => keyedCalls.patchworksUser(app(), patchworksKey), 'api_keys');
    });

    it('for a Partium call with a Bearer key (only the search reads the store)', async () => {
      await warm(() => keyedCalls.partiumSearch(app(), partiumKey), 'api_keys', [recordsRead]);
    });

    it('for a client authenticating at the token endpoint', async () => {
      await warm(() => keyedCalls.clientCredentials(app()), 'clients');
    });

    it("for a person's token and the role they hold (only the list reads the store)", async () => {
      const token = await login(app(), admin);
      await warm(() => keyedCalls.blueprints(app(), token), 'memberships', [recordsRead]);
    });
  });

  describe('sees at once on the instance that made it', () => {
    it('a revoked API key', async () => {
      const key = await retailKey(services());
      await warm(() => keyedCalls.patchworksUser(app(), key.secret), 'api_keys');
      await services().apiKeys.revoke('org_demo_retail', key.id, 'operator');
      expect(await keyedCalls.patchworksUser(app(), key.secret)).toEqual(refusals.surface);
    });

    it('an uninstalled integration', async () => {
      const install = await installInto(services(), 'org_demo_repairer');
      await warm(() => keyedCalls.partly(app(), install), 'integrations');
      expect(await partlyCall(app(), 'integrations.delete', {}, install)).toEqual({
        status: 200,
        body: { id: install.integration, deleted: true },
      });
      expect(await keyedCalls.partly(app(), install)).toEqual(refusals.surface);
    });

    it('a revoked client', async () => {
      const client = await partnerClient(services(), 'admission');
      await warm(() => keyedCalls.clientCredentials(app(), client), 'clients');
      await services().clients.revoke('org_partner_demo', client.id);
      expect(await keyedCalls.clientCredentials(app(), client)).toEqual(refusals.client);
    });

    it("an org's narrowed scopes, at the next exchange and the next call", async () => {
      const org = await services().orgs.create({
        name: 'Narrowing Co',
        scopes: ['parts:read', 'parts:write'],
      });
      const { secret } = await services().apiKeys.create({
        orgId: org.id,
        name: 'k',
        scopes: ['parts:read', 'parts:write'],
      });
      // Partium's /auth exchanges a key for a token of the key's scopes, as its org defines them.
      const exchanged = async () =>
        decodeJwt(await partiumAccessToken(app(), `Bearer ${secret}`)).scope;
      expect(await exchanged()).toBe('parts:read parts:write');
      const scopes = async () => (await services().authenticator.authenticate(secret)).scopes;
      expect(await scopes()).toEqual(['parts:read', 'parts:write']);
      await services().orgs.setScopes(org.id, ['parts:read']);
      expect(await exchanged()).toBe('parts:read');
      expect(await scopes()).toEqual(['parts:read']);
    });

    it("a person's lowered role, and raised again", async () => {
      const { userId, token } = await retailAdmin(services(), app(), 'lowered');
      await warm(() => keyedCalls.blueprints(app(), token), 'memberships', [recordsRead]);
      await services().users.addToOrg(userId, 'org_demo_retail', 'manager');
      expect(await keyedCalls.blueprints(app(), token)).toEqual(refusals.forbidden);
      await services().users.addToOrg(userId, 'org_demo_retail', 'admin');
      expect((await keyedCalls.blueprints(app(), token)).status).toBe(200);
    });

    it('an API key that has expired, checked in memory at each call', async () => {
      const { clock } = ctx();
      const key = await retailKey(services(), clock.now() + 100);
      await warm(() => keyedCalls.patchworksUser(app(), key.secret), 'api_keys');
      clock.advance(99);
      const lastSecond = await log.during(() => keyedCalls.patchworksUser(app(), key.secret));
      expect({ status: lastSecond.result.status, statements: lastSecond.statements }).toEqual({
        status: 200,
        statements: [],
      });
      clock.advance(1);
      expect(await keyedCalls.patchworksUser(app(), key.secret)).toEqual(refusals.surface);
    });
  });

  describe('under concurrent calls', () => {
    it('admits every one of many first calls with one key', async () => {
      const key = await retailKey(services());
      const answers = await Promise.all(
        Array.from({ length: 40 }, () => keyedCalls.patchworksUser(app(), key.secret)),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      const warm = await log.during(() => keyedCalls.patchworksUser(app(), key.secret));
      expect(warm.statements).toEqual([]);
    });

    it('admits no call that starts after a revocation returned', async () => {
      const key = await retailKey(services());
      let revoked = false;
      let answered = 0;
      const before: number[] = [];
      const after: Answer[] = [];
      // Eight callers in a loop with one key; the key is revoked once 40 calls are answered,
      // and the callers go on until 40 more have started after the revocation returned. Each
      // call starts on a turn of the event loop of its own, as requests arriving would.
      const caller = async () => {
        for (let i = 0; i < 500 && after.length < 40; i++) {
          await new Promise((resolve) => setImmediate(resolve));
          const startedAfter = revoked;
          const answer = await keyedCalls.patchworksUser(app(), key.secret);
          answered++;
          if (startedAfter) after.push(answer);
          else before.push(answer.status);
        }
      };
      const callers = Array.from({ length: 8 }, caller);
      while (answered < 40) await new Promise((resolve) => setImmediate(resolve));
      await services().apiKeys.revoke('org_demo_retail', key.id, 'operator');
      revoked = true;
      await Promise.all(callers);
      expect(before.slice(0, 40)).toEqual(before.slice(0, 40).map(() => 200));
      expect(after.length).toBeGreaterThanOrEqual(40);
      expect(after).toEqual(after.map(() => refusals.surface));
    });
  });
});
