import { describe, expect, it } from 'vitest';
import {
  requireClean,
  RoundFailure,
  roundProblems,
  type RoundOutcome,
} from '../../bench/load/round-check.js';

const clean: RoundOutcome = {
  answers: 1200,
  statuses: { '200': 1200 },
  errors: 0,
  timeouts: 0,
  mismatches: 0,
  starved: 0,
};

describe('the rule that a round counts only if every answer was a 2xx', () => {
  it('counts a round of 2xx answers', () => {
    expect(roundProblems(clean)).toEqual([]);
    expect(roundProblems({ ...clean, statuses: { '200': 1000, '201': 200 } })).toEqual([]);
    expect(() => requireClean('keyed partly', clean)).not.toThrow();
  });

  it('refuses a round with any other status, naming each', () => {
    const outcome = { ...clean, answers: 1204, statuses: { '200': 1200, '429': 1, '401': 3 } };
    expect(roundProblems(outcome)).toEqual(['4 of 1204 answers were not 2xx (3 × 401, 1 × 429)']);
  });

  it('refuses a round with a redirect or an informational answer too', () => {
    expect(roundProblems({ ...clean, answers: 1, statuses: { '302': 1 } })).toEqual([
      '1 of 1 answers were not 2xx (1 × 302)',
    ]);
  });

  it('refuses requests left without an answer, saying how many timed out', () => {
    expect(roundProblems({ ...clean, errors: 5, timeouts: 2 })).toEqual([
      '5 requests got no answer (2 timed out)',
    ]);
    expect(roundProblems({ ...clean, errors: 1 })).toEqual(['1 requests got no answer']);
  });

  it('refuses answers whose body differs from the expected one', () => {
    expect(roundProblems({ ...clean, mismatches: 7 })).toEqual([
      '7 answers differed from the expected body',
    ]);
  });

  it('refuses a round whose single-use values ran out, and one with no answer at all', () => {
    expect(roundProblems({ ...clean, starved: 2 })).toEqual([
      '2 requests found no single-use value left to send',
    ]);
    expect(roundProblems({ ...clean, answers: 0, statuses: {} })).toEqual([
      'no request was answered',
    ]);
  });

  it('throws a RoundFailure naming the round and every problem', () => {
    const outcome = { ...clean, answers: 1201, statuses: { '200': 1200, '500': 1 }, mismatches: 1 };
    const failure = (() => {
      try {
        requireClean('flows install (round 2/3)', outcome);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(RoundFailure);
    expect((failure as RoundFailure).message).toBe(
      'flows install (round 2/3): the round does not count: 1 of 1201 answers were not 2xx ' +
        '(1 × 500); 1 answers differed from the expected body',
    );
  });
});
