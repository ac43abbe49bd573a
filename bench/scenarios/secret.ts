import { createSecretHasher } from '../../src/lib/hash.js';
import { hashPassword, verifyPassword } from '../../src/users/passwords.js';
import { backendClient, partsDeveloper } from '../fixtures.js';
import { median, micros, perOperation, ratio } from '../measure.js';
import { provenance, roundsOf, table } from '../report/markdown.js';
import { roundOrder } from '../run/interleave.js';
import type { Scenario } from './scenario.js';

/**
 * Why client secrets and API keys use a keyed SHA-256 and passwords argon2id: one check of
 * each (lib/hash.ts, users/passwords.ts), in interleaved rounds, set against the keyed hash.
 * Machine secrets carry 128 random bits or more, so stretching them would buy nothing.
 */
export const secret: Scenario = {
  name: 'secret',
  perStore: false,
  async run(context) {
    const { rounds, iterations } = context.options;
    const hasher = createSecretHasher('bench-key-0123456789abcdefghijklmnopqrstuv');
    const stored = hasher.hash(backendClient.secret);
    const passwordHash = await hashPassword(partsDeveloper.password);
    const checks = [
      {
        name: 'keyed SHA-256 (client secret, API key, refresh token)',
        iterations: iterations * 20,
        run: () => hasher.matches(backendClient.secret, stored),
        samples: [] as number[],
      },
      {
        name: 'argon2id m=19 MiB t=2 (password)',
        // About 20 ms a check: a few dozen are enough for a stable median.
        iterations: Math.max(10, Math.ceil(iterations / 30)),
        run: () => verifyPassword(passwordHash, partsDeveloper.password),
        samples: [] as number[],
      },
    ];
    for (let round = 0; round < rounds; round++) {
      for (const index of roundOrder(checks.length, round)) {
        const check = checks[index];
        check?.samples.push(await perOperation(check.run, check.iterations));
      }
    }
    const results = checks.map((c) => ({
      check: c.name,
      perCheck: median(c.samples),
      rounds: c.samples,
    }));
    const reference = results[0]?.perCheck;
    return {
      id: 'secret',
      markdown: [
        provenance({ ...context, how: roundsOf(rounds, 'checks') }),
        table(
          ['check', 'per check', 'ratio'],
          results.map((r) => [r.check, micros(r.perCheck), ratio(r.perCheck, reference)]),
        ),
      ].join('\n\n'),
      data: { rounds, results },
    };
  },
};
