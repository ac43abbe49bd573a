import { partnerClient } from '../fixtures.js';
import { withCleanup } from '../run/cleanup.js';
import { compare } from '../run/compare.js';
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
      const figures = await kit.measure(
        [
          fixedTarget(kit.at(gatehouse, 'gatehouse', 'Gatehouse'), clientCredentials(), tokens),
          fixedTarget(
            kit.at(peer, 'oidc-provider', 'oidc-provider 9'),
            clientCredentials('/token'),
            tokens,
          ),
          fixedTarget(kit.at(floor, 'floor', 'floor'), clientCredentials(), tokens),
        ],
        selected,
      );
      return kit.section({
        title: 'issuance',
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
