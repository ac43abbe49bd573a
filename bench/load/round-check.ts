/**
 * The rule that keeps error paths out of the figures: a round counts only if every request
 * it sent was answered, with a 2xx, and with the expected body where one is known. Anything
 * else fails the round, and with it the run, saying what went wrong.
 */
export interface RoundOutcome {
  /** Answers received. */
  answers: number;
  /** Answers by status code, e.g. `{ "200": 9120, "401": 3 }`. */
  statuses: Record<string, number>;
  /** Requests that failed without an answer (connection errors), timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx answers whose body was not the expected one. */
  mismatches: number;
  /** Requests that found their pool of single-use values (or their chain) empty. */
  starved: number;
}

export class RoundFailure extends Error {
  override name = 'RoundFailure';
}

/** Why the round does not count; none when it does. */
export function roundProblems(outcome: RoundOutcome): string[] {
  const problems: string[] = [];
  if (outcome.answers === 0) problems.push('no request was answered');
  const other = Object.entries(outcome.statuses)
    .filter(([status]) => !/^2\d\d$/.test(status))
    .sort(([a], [b]) => Number(a) - Number(b));
  const notOk = other.reduce((sum, [, count]) => sum + count, 0);
  if (notOk > 0) {
    const which = other.map(([status, count]) => `${count} × ${status}`).join(', ');
    problems.push(`${notOk} of ${outcome.answers} answers were not 2xx (${which})`);
  }
  if (outcome.errors > 0) {
    problems.push(
      `${outcome.errors} requests got no answer` +
        (outcome.timeouts > 0 ? ` (${outcome.timeouts} timed out)` : ''),
    );
  }
  if (outcome.mismatches > 0) {
    problems.push(`${outcome.mismatches} answers differed from the expected body`);
  }
  if (outcome.starved > 0) {
    problems.push(`${outcome.starved} requests found no single-use value left to send`);
  }
  return problems;
}

/** Throws a RoundFailure naming `what` and every problem, unless the round counts. */
export function requireClean(what: string, outcome: RoundOutcome): void {
  const problems = roundProblems(outcome);
  if (problems.length > 0) {
    throw new RoundFailure(`${what}: the round does not count: ${problems.join('; ')}`);
  }
}
