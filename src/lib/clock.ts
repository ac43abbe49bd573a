/** Time source, injected everywhere expiry matters so that tests can move it. */
export interface Clock {
  /** Whole seconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** A clock that stands still until a test moves it. */
export function createFixedClock(
  start = 1_800_000_000,
): Clock & { advance(seconds: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (seconds: number) => {
      current += seconds;
    },
  };
}

/** Seconds since the epoch as an RFC 3339 time (UTC), or null for "never". */
export function isoTime(seconds: number): string;
export function isoTime(seconds: number | null): string | null;
export function isoTime(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}
