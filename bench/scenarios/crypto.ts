import type { SigningAlgorithm } from '../../src/config.js';
import { implementations, type Signer } from '../crypto/implementations.js';
import { median, micros, perOperation, ratio } from '../measure.js';
import { provenance, roundsOf, table } from '../report/markdown.js';
import { barChart } from '../report/svg.js';
import { roundOrder } from '../run/interleave.js';
import type { Scenario } from './scenario.js';

const algorithms: readonly SigningAlgorithm[] = ['ES256', 'EdDSA', 'RS256'];

interface Subject {
  alg: SigningAlgorithm;
  implementation: (typeof implementations)[number];
  signer: Signer;
  token: string;
  sign: number[];
  verify: number[];
}

/**
 * The crypto floor of an access token, per algorithm: sign and verify of Gatehouse's RFC 9068
 * claims through each implementation of crypto/implementations.ts (node:crypto's synchronous
 * calls on KeyObjects, jose 6, and Gatehouse's own), in interleaved rounds, medians, each
 * set against node:crypto. In one process with no load besides: microseconds per operation.
 */
export const crypto: Scenario = {
  name: 'crypto',
  perStore: false,
  async run(context) {
    const { rounds, iterations } = context.options;
    const subjects: Subject[] = [];
    for (const alg of algorithms) {
      for (const implementation of implementations) {
        const signer = await implementation.make(alg);
        const token = await signer.sign();
        await signer.verify(token);
        subjects.push({ alg, implementation, signer, token, sign: [], verify: [] });
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const index of roundOrder(subjects.length, round)) {
        const s = subjects[index];
        if (s === undefined) continue;
        s.sign.push(await perOperation(() => s.signer.sign(), iterations));
        s.verify.push(await perOperation(() => s.signer.verify(s.token), iterations));
      }
      context.log(`crypto: round ${round + 1}/${rounds} done`);
    }
    const results = subjects.map((s) => ({
      alg: s.alg,
      implementation: s.implementation.name,
      label: s.implementation.label,
      tokenBytes: s.token.length,
      sign: median(s.sign),
      verify: median(s.verify),
      rounds: { sign: s.sign, verify: s.verify },
    }));
    const find = (alg: string, implementation: string | undefined) =>
      results.find((r) => r.alg === alg && r.implementation === implementation);
    const floor = implementations[0]?.name;
    const perImplementation = table(
      ['alg', 'implementation', 'sign', 'verify', 'sign ÷ floor', 'verify ÷ floor', 'token bytes'],
      results.map((r) => [
        r.alg,
        r.label,
        micros(r.sign),
        micros(r.verify),
        ratio(r.sign, find(r.alg, floor)?.sign),
        ratio(r.verify, find(r.alg, floor)?.verify),
        String(r.tokenBytes),
      ]),
    );
    // A token is signed once and verified on each request that carries it.
    const mixed = (r: { sign: number; verify: number } | undefined, n: number) =>
      r === undefined ? undefined : r.sign + n * r.verify;
    const perAlgorithm = table(
      [
        'implementation',
        'alg',
        'sign ÷ ES256',
        'verify ÷ ES256',
        '1 sign + 1 verify',
        '1 sign + 10 verifies',
        '1 sign + 100 verifies',
      ],
      implementations
        .flatMap((i) => results.filter((r) => r.implementation === i.name))
        .map((r) => {
          const es = find('ES256', r.implementation);
          return [
            r.label,
            r.alg,
            ratio(r.sign, es?.sign),
            ratio(r.verify, es?.verify),
            ...[1, 10, 100].map((n) => ratio(mixed(r, n), mixed(es, n))),
          ];
        }),
    );
    const title = 'crypto: microseconds per operation (medians; shorter is faster)';
    const chart = {
      file: 'crypto.svg',
      svg: barChart({
        title,
        bars: results.flatMap((r) =>
          (['sign', 'verify'] as const).map((op) => ({
            label: `${r.alg} ${op}, ${r.implementation}`,
            value: r[op],
            text: micros(r[op]),
            reference: r.implementation === floor,
          })),
        ),
      }),
    };
    return {
      id: 'crypto',
      markdown: [
        provenance({ ...context, how: roundsOf(rounds, `${iterations} operations`) }),
        perImplementation,
        'The same figures as ratios between algorithms, within each implementation:',
        perAlgorithm,
        `![${title}](charts/${chart.file})`,
      ].join('\n\n'),
      chart,
      data: { rounds, iterations, results },
    };
  },
};
