import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { createLogger } from '../../src/http/logger.js';
import { authenticationOff } from '../../bench/servers/auth-off.js';
import { preparations } from '../../bench/servers/preparations.js';
import { installClient, partiumKey, repairerInstall } from '../../bench/fixtures.js';
import { strings } from '../../bench/run/targets.js';
import { install, partlyJobs, refresh } from '../../bench/scenarios/requests.js';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';

const unauthorized = {
  outcome: 'credential_invalid',
  message: 'the API key is invalid, expired or revoked',
};

describe.each(storeTargets)('the bench server ($name)', (target) => {
  const app = useTestApp(target);

  describe('with authentication switched off', () => {
    it('answers the principal the real check gave for a credential, without checking again', async () => {
      const { services } = app();
      const off = authenticationOff(services).authenticator;
      const real = await services.authenticator.authenticate(partiumKey.secret);
      expect(await off.authenticate(partiumKey.secret)).toEqual(real);
      await services.apiKeys.revoke(partiumKey.orgId, partiumKey.id, 'operator');
      await expect(services.authenticator.authenticate(partiumKey.secret)).rejects.toMatchObject(
        unauthorized,
      );
      expect(await off.authenticate(partiumKey.secret)).toEqual(real);
      expect(await off.fromHeader(`Bearer ${partiumKey.secret}`)).toEqual(real);
    });

    it('checks a credential it has not seen, as the real check does', async () => {
      const off = authenticationOff(app().services).authenticator;
      await expect(
        off.authenticate('partium_0123456789abcdef0123456789abcdef'),
      ).rejects.toMatchObject(unauthorized);
    });

    it('answers every access token of an audience as the first it saw', async () => {
      const { services } = app();
      const [first = '', second = ''] = (await preparations(services).accessTokens?.(
        2,
      )) as string[];
      const off = authenticationOff(services).authenticator;
      const principal = await services.authenticator.authenticate(first);
      expect(await off.authenticate(first)).toEqual(principal);
      expect(await off.authenticate(second)).toEqual(principal);
      expect(principal.credential.id).not.toBe(
        (await services.authenticator.authenticate(second)).credential.id,
      );
    });

    it('serves the same routes and handlers from the same store', async () => {
      const { services } = app();
      const off = await buildServer(authenticationOff(services), createLogger('silent'));
      const call = (server: typeof off) =>
        server.inject({
          method: 'POST',
          url: partlyJobs.path,
          headers: partlyJobs.headers,
          payload: partlyJobs.body ?? '',
        });
      const [onAnswer, offAnswer] = [await call(app().app), await call(off)];
      expect(onAnswer.statusCode).toBe(200);
      expect(offAnswer.statusCode).toBe(200);
      expect(offAnswer.json()).toEqual({
        jobs: [
          {
            id: '0a000000-0000-4000-8000-000000000001',
            vehicle: '2019 Toyota Corolla',
            status: 'open',
          },
        ],
      });
      expect(offAnswer.json()).toEqual(onAnswer.json());
      await off.close();
    });
  });

  describe('preparations', () => {
    it('issue access codes that install the Partly-style client, each once', async () => {
      const { app: server, services } = app();
      const codes = strings(await preparations(services).accessCodes?.(2));
      expect(new Set(codes).size).toBe(2);
      const request = install(installClient, codes[0] ?? '');
      const send = () =>
        server.inject({
          method: 'POST',
          url: request.path,
          headers: request.headers,
          payload: request.body ?? '',
        });
      const installed = await send();
      expect(installed.statusCode).toBe(200);
      expect(Object.keys(installed.json()).sort()).toEqual(['api_key', 'integration_id']);
      expect((await send()).json()).toEqual({ type: 'invalid_access_code' });
    });

    it('issue refresh tokens of families of their own, which rotate', async () => {
      const { app: server, services } = app();
      const [token = ''] = strings(await preparations(services).refreshTokens?.(1));
      const request = refresh(token);
      const answer = await server.inject({
        method: 'POST',
        url: request.path,
        headers: request.headers,
        payload: request.body ?? '',
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.json().refresh_token).toMatch(/^ghr_/);
      expect(answer.json().refresh_token).not.toBe(token);
    });
  });
});

it('presents the sandbox’s repairer install as the Partly-style credentials', () => {
  expect(repairerInstall).toEqual({
    key: 'partly_demo_repairer_3f8a1c0d9e2b4a67b1c2',
    integrationId: '0c000000-0000-4000-8000-000000000001',
    orgId: 'org_demo_repairer',
  });
});
