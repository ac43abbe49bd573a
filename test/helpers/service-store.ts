import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createFixedClock } from '../../src/lib/clock.js';
import type { Db } from '../../src/store/database.js';
import type { StoreTarget } from './targets.js';

export interface ServiceStore {
  db: Db;
  /** Stands still until the test moves it; shared by every service a suite builds. */
  clock: ReturnType<typeof createFixedClock>;
}

/**
 * A fresh, migrated store of `target` for a suite that tests a service directly (no server),
 * opened before the suite's tests and dropped after them; or, `each` test, before and after
 * each one, for a service whose state is the whole table (as the signing keys are).
 */
export function useServiceStore(target: StoreTarget, per: 'suite' | 'each' = 'suite') {
  let current: ServiceStore | undefined;
  let drop: (() => Promise<void>) | undefined;
  (per === 'suite' ? beforeAll : beforeEach)(async () => {
    const opened = await target.open();
    drop = opened.drop;
    current = { db: opened.db, clock: createFixedClock() };
  });
  (per === 'suite' ? afterAll : afterEach)(async () => {
    await drop?.();
  });
  return (): ServiceStore => {
    if (current === undefined) throw new Error('the store is opened before the first test');
    return current;
  };
}
