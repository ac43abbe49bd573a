import { installClient, partiumKey } from '../fixtures.js';
import { withCleanup } from '../run/cleanup.js';
import { compare } from '../run/compare.js';
import type { Target } from '../run/interleave.js';
import { chainedTarget, fixedTarget, pooledTarget, strings } from '../run/targets.js';
import { requireTokenResponse, scenarioKit } from './kit.js';
import {
  clientCredentials,
  discovery,
  install,
  introspection,
  partiumKeyLogin,
  refresh,
  tokenExchange,
} from './requests.js';
import type { Scenario } from './scenario.js';

/**
 * The other flows a deployment serves all day, against two references of the same server:
 * discovery (no credential, no store) and client_credentials issuance. Introspection
 * repeats one token (RFC 7662); the install handshake spends a fresh access code per request
 * (pre-issued before each round); refresh rotation chains each connection's refresh tokens
 * (each request presents the one the previous answer returned, RFC 6749 §6); the API-key
 * exchange is measured as the Partium-style key login and as the RFC 8693 token exchange.
 */
export const flows: Scenario = {
  name: 'flows',
  perStore: true,
  run: (context, kind, selected) =>
    withCleanup(async (defer) => {
      const kit = scenarioKit(context, 'flows', kind, defer);
      const server = await kit.gatehouse(await kit.store());
      const at = (name: string, label: string) => kit.at(server, name, label);
      const prepared = async (what: string, count: number) =>
        strings(await server.child.prepare(what, count));
      const [token = ''] = await prepared('accessTokens', 1);
      const tokens = { sameAnswer: false, check: requireTokenResponse };
      const targets: Target[] = [
        fixedTarget(at('discovery', 'discovery'), discovery),
        fixedTarget(at('client-credentials', 'client_credentials'), clientCredentials(), tokens),
        fixedTarget(at('introspection', 'introspection'), introspection(token), {
          check: requireActive,
        }),
        pooledTarget(
          at('install', 'Partly install'),
          (count) => prepared('accessCodes', count),
          (code) => install(installClient, code),
        ),
        chainedTarget(
          at('refresh', 'refresh rotation'),
          kit.schedule.connections,
          (count) => prepared('refreshTokens', count),
          refresh,
          refreshTokenOf,
        ),
        fixedTarget(
          at('key-login', 'Partium key login'),
          partiumKeyLogin(partiumKey.secret),
          tokens,
        ),
        fixedTarget(
          at('token-exchange', 'token exchange'),
          tokenExchange(partiumKey.secret),
          tokens,
        ),
      ];
      const figures = await kit.measure(targets, selected);
      const measured = ['introspection', 'install', 'refresh', 'key-login', 'token-exchange'];
      return kit.section({
        title: 'flows',
        figures,
        comparisons: compare(
          figures,
          measured.flatMap((name): Array<[string, string]> => [
            [name, 'client-credentials'],
            [name, 'discovery'],
          ]),
        ),
        references: new Set(['discovery', 'client-credentials']),
      });
    }),
};

/** RFC 7662 §2.2: the token must be active, or the round would measure `{"active":false}`. */
function requireActive(body: string): void {
  const answer: unknown = JSON.parse(body);
  if (typeof answer !== 'object' || answer === null || !('active' in answer) || !answer.active) {
    throw new Error(`the introspected token is not active: ${body}`);
  }
}

/** The rotated refresh token of a refresh answer (RFC 6749 §6). */
function refreshTokenOf(body: string): string {
  const answer: unknown = JSON.parse(body);
  const token =
    typeof answer === 'object' && answer !== null && 'refresh_token' in answer
      ? answer.refresh_token
      : undefined;
  if (typeof token !== 'string') throw new Error(`no refresh token in ${body}`);
  return token;
}
