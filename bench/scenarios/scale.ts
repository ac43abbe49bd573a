import { lookupCacheBounds } from '../../src/store/lookup-cache.js';
import { ratio } from '../measure.js';
import { mebibytes, table } from '../report/markdown.js';
import { withCleanup } from '../run/cleanup.js';
import { compare } from '../run/compare.js';
import type { Target } from '../run/interleave.js';
import { fixedTarget, pooledTarget } from '../run/targets.js';
import { seedKeys } from '../servers/processes.js';
import { scenarioKit } from './kit.js';
import { partiumSearch } from './requests.js';
import type { Scenario } from './scenario.js';

/** Keys sent as first-seen keys come from a sample of this many stored keys at most. */
const largestSample = 100_000;

/**
 * Whether first-seen keys drawn in turn from `sample` keys are surely each a store lookup:
 * when the sample holds more keys than the server's key cache, which keeps the newest
 * 10,000 it verified. A sample of 10k keys is as large as the cache: whether a key is still
 * held when its turn comes round again depends on what else the cache holds (the repeated
 * key, the sandbox's), so that figure is shown but not used as a reference.
 */
export function beyondCache(sample: number): boolean {
  return sample > lookupCacheBounds.maxEntries;
}

/** `10k`, `100k`, `1M`. */
export function sizeName(keys: number): string {
  if (keys >= 1_000_000 && keys % 1_000_000 === 0) return `${keys / 1_000_000}M`;
  if (keys >= 1_000 && keys % 1_000 === 0) return `${keys / 1_000}k`;
  return String(keys);
}

/**
 * API-key verification as the store grows (BENCH_SCALE: 10k, 100k and 1M keys by default):
 * one store and one server per size, all running, their targets interleaved. Each size is
 * measured with one repeated key and with first-seen keys drawn from a sample of the stored
 * keys spread over the whole table (up to 100k), on the Partium-style search. The repeated
 * key and the store's size are set against the smallest size; first-seen keys against the
 * smallest size whose sample the key cache cannot hold (`beyondCache`), since below it they
 * are cache hits, not store lookups. The target is flat within 10 %.
 */
export const scale: Scenario = {
  name: 'scale',
  perStore: true,
  run: (context, kind, selected) =>
    withCleanup(async (defer) => {
      const kit = scenarioKit(context, 'scale', kind, defer);
      const sizes = [];
      for (const keys of context.options.scale) {
        const name = `keys-${sizeName(keys)}`;
        const store = await kit.store(`${kit.prefix}-${name}`);
        context.log(`${kit.prefix}: storing ${keys} keys`);
        const { seconds, sample } = await seedKeys(context, {
          name: `${kit.prefix}-${name}-seed`,
          store,
          keys,
          sample: Math.min(keys, largestSample),
        });
        const bytes = await store.size('api_keys');
        context.log(`${kit.prefix}: ${keys} keys stored in ${seconds.toFixed(1)} s`);
        const server = await kit.gatehouse(store, { name });
        sizes.push({ keys, seconds, bytes, sample, server });
      }
      const targets: Target[] = sizes.flatMap(({ keys, sample, server }) => {
        const where = (what: string, label: string) =>
          kit.at(server, `${sizeName(keys)}-${what}`, `${sizeName(keys)} keys, ${label}`);
        const [repeated = '', ...others] = sample;
        let next = 0;
        // Each round takes the next keys of the sample, wrapping round only when a store
        // holds fewer keys than the rounds send (then a key is seen again).
        const draw = async (count: number) =>
          Array.from({ length: count }, () => others[next++ % Math.max(1, others.length)] ?? '');
        const firstSeen = beyondCache(sample.length)
          ? 'first-seen keys'
          : 'first-seen keys, sample no larger than the key cache';
        return [
          fixedTarget(where('repeated', 'one repeated key'), partiumSearch(repeated)),
          pooledTarget(where('first-seen', firstSeen), draw, partiumSearch),
        ];
      });
      const figures = await kit.measure(targets, selected);
      const [smallest] = sizes;
      const base = smallest === undefined ? '' : sizeName(smallest.keys);
      const lookups = sizes.filter((s) => beyondCache(s.sample.length));
      const [firstLookup] = lookups;
      const lookupBase = firstLookup === undefined ? '' : sizeName(firstLookup.keys);
      const storeTable = table(
        ['keys', 'seeding', 'store', 'api_keys with indexes', 'store ÷ smallest', 'sample'],
        sizes.map((s) => [
          sizeName(s.keys),
          `${s.seconds.toFixed(1)} s`,
          mebibytes(s.bytes.store),
          mebibytes(s.bytes.table),
          ratio(s.bytes.store, smallest?.bytes.store),
          `${s.sample.length} keys`,
        ]),
      );
      return kit.section({
        title: 'scale',
        figures,
        comparisons: compare(figures, [
          ...sizes
            .slice(1)
            .map(({ keys }): [string, string] => [
              `${sizeName(keys)}-repeated`,
              `${base}-repeated`,
            ]),
          ...lookups
            .slice(1)
            .map(({ keys }): [string, string] => [
              `${sizeName(keys)}-first-seen`,
              `${lookupBase}-first-seen`,
            ]),
        ]),
        references: new Set([
          `${base}-repeated`,
          ...(firstLookup === undefined ? [] : [`${lookupBase}-first-seen`]),
        ]),
        more: storeTable,
        data: {
          sizes: sizes.map(({ keys, seconds, bytes, sample }) => ({
            keys,
            seedingSeconds: seconds,
            storeBytes: bytes.store,
            apiKeysBytes: bytes.table,
            sample: sample.length,
          })),
        },
      });
    }),
};
