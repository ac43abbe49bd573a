import { partiumKey } from '../fixtures.js';
import type { HttpRequest } from '../load/drive.js';
import { withCleanup } from '../run/cleanup.js';
import { compare } from '../run/compare.js';
import type { Target } from '../run/interleave.js';
import { fixedTarget, pooledTarget, strings } from '../run/targets.js';
import { scenarioKit } from './kit.js';
import {
  discovery,
  partiumSearch,
  partlyJobs,
  partnerCommand,
  patchworksFlows,
} from './requests.js';
import type { Scenario } from './scenario.js';

/**
 * What a credential costs on a keyed call. Each keyed request is measured on the server, and
 * on the same server's second app where the credential checks are switched off
 * (servers/auth-off.ts): same routes, handlers and store, so the difference is the check.
 * Both are also set against discovery, a route that needs no credential and no store. The
 * first-seen token target sends a different access token on every request (pre-issued
 * before each round), which no cache of verified tokens can have seen.
 */
export const keyed: Scenario = {
  name: 'keyed',
  perStore: true,
  run: (context, kind, selected) =>
    withCleanup(async (defer) => {
      const kit = scenarioKit(context, 'keyed', kind, defer);
      const server = await kit.gatehouse(await kit.store(), { authOff: true });
      const offPort = server.offPort;
      if (offPort === undefined) throw new Error('the server has no authentication-off app');
      const [token = ''] = strings(await server.child.prepare('accessTokens', 1));
      const on = (name: string, label: string) => kit.at(server, name, label);
      const off = (name: string, label: string) =>
        kit.at(server, `${name}-off`, `${label} (auth off)`, offPort);
      const calls: Array<[string, string, HttpRequest]> = [
        ['partly', 'Partly two-header call', partlyJobs],
        ['patchworks', 'Patchworks raw key', patchworksFlows],
        ['partner', 'partner command', partnerCommand(token)],
        ['partium', 'Partium search', partiumSearch(partiumKey.secret)],
      ];
      const targets: Target[] = [
        fixedTarget(on('discovery', 'discovery'), discovery),
        ...calls.flatMap(([name, label, request]) => [
          fixedTarget(on(name, label), request),
          fixedTarget(off(name, label), request),
        ]),
        pooledTarget(
          on('first-seen-token', 'partner command, first-seen tokens'),
          async (count) => strings(await server.child.prepare('accessTokens', count)),
          partnerCommand,
        ),
      ];
      const figures = await kit.measure(targets, selected);
      return kit.section({
        title: 'keyed calls',
        figures,
        comparisons: compare(figures, [
          ...calls.flatMap(([name]): Array<[string, string]> => [
            [name, `${name}-off`],
            [name, 'discovery'],
          ]),
          ['first-seen-token', 'partner-off'],
          ['first-seen-token', 'partner'],
          ['first-seen-token', 'discovery'],
        ]),
        references: new Set(['discovery', ...calls.map(([name]) => `${name}-off`)]),
      });
    }),
};
