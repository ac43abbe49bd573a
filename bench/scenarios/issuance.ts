import { partnerClient } from '../fixtures.js';
import { drive } from '../load/drive.js';
import { httpSection } from '../report/http-section.js';
import { withCleanup } from '../run/cleanup.js';
import { compare, only } from '../run/compare.js';
import { interleave } from '../run/interleave.js';
import { fixedTarget } from '../run/targets.js';
import { requireTokenResponse, scenarioKit } from './kit.js';
import { clientCredentials } from './requests.js';
import type { Scenario } from './scenario.js';

/**
 * client_credentials at the token endpoint with client_secret_basic: Gatehouse against the
 * floor (servers/floor.ts: parse, keyed hash, node:crypto ES256) and against oidc-provider 9
 * issuing JWT access tokens (servers/oidc-provider.ts), each in a process of its own, for
 * the same client with the same claims. Every answer is a fresh token, so each answer's
 * status is checked, and the first answer of each must be a token response.
 */
export const issuance: Scenario = {
  name: 'issuance',
  perStore: true,
  run: (context, kind, selected) =>
    withCleanup(async (defer) => {
      const kit = scenarioKit(context, 'issuance', kind, defer);
      const gatehouse = await kit.gatehouse(await kit.store());
      const floor = await kit.reference('floor', partnerClient);
      const peer = await kit.reference('oidc-provider', partnerClient);
      const tokens = { sameAnswer: false, check: requireTokenResponse };
      const at = (name: string, label: string, server: typeof floor) => ({
        name,
        label,
        server: server.child,
        port: server.port,
      });
      const targets = only(
        [
          fixedTarget(at('gatehouse', 'Gatehouse', gatehouse), clientCredentials(), tokens),
          fixedTarget(
            at('oidc-provider', 'oidc-provider 9', peer),
            clientCredentials('/token'),
            tokens,
          ),
          fixedTarget(
            at('floor', 'floor (Fastify + node:crypto)', floor),
            clientCredentials(),
            tokens,
          ),
        ],
        selected,
      );
      const figures = await interleave(kit.prefix, targets, kit.schedule, drive, context.log);
      return httpSection({
        id: kit.prefix,
        title: 'issuance',
        context,
        store: kind,
        schedule: kit.schedule,
        figures,
        comparisons: compare(figures, [
          ['gatehouse', 'floor'],
          ['gatehouse', 'oidc-provider'],
          ['oidc-provider', 'floor'],
        ]),
        references: new Set(['floor', 'oidc-provider']),
      });
    }),
};
