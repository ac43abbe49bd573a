import type { Config } from '../config.js';

/** What Fastify's `trustProxy` option takes (a subset of its union). */
type TrustProxyOption = false | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify's `trustProxy` for `config.trustProxy`. A list of proxy addresses or ranges is
 * checked against every hop. A number of proxies trusts that many hops from Gatehouse
 * outwards (hop 0 is the peer of the socket, hop 1 the right-most X-Forwarded-For entry),
 * so the client is the entry the outermost proxy appended; everything to its left was
 * written by the client. Fastify treats a bare number as "trust nothing", hence a function.
 */
export function trustProxyOption(setting: Config['trustProxy']): TrustProxyOption {
  if (setting === false) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return [...setting];
}
