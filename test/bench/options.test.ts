import { describe, expect, it } from 'vitest';
import { readOptions, selected } from '../../bench/options.js';

describe('the BENCH_* options', () => {
  it('default to a run of every scenario, 3 rounds of 5 s with 50 connections', () => {
    expect(readOptions({})).toEqual({
      duration: 5,
      rounds: 3,
      warmup: 2,
      connections: 50,
      only: ['issuance', 'keyed', 'flows', 'scale', 'crypto', 'secret'].map((scenario) => ({
        scenario,
        targets: 'all',
      })),
      scale: [10_000, 100_000, 1_000_000],
      iterations: 1000,
      databaseUrl: undefined,
      cpuProfile: false,
      keep: false,
      pin: true,
    });
    expect(readOptions({ BENCH_PIN: '0' }).pin).toBe(false);
    expect(() => readOptions({ BENCH_PIN: 'yes' })).toThrow('BENCH_PIN must be 1 or 0, got "yes"');
  });

  it('read each variable', () => {
    const options = readOptions({
      BENCH_DURATION: '2',
      BENCH_ROUNDS: '1',
      BENCH_WARMUP: '0.5',
      BENCH_CONNECTIONS: '20',
      BENCH_SCALE: '100000,10000',
      BENCH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      BENCH_CPU_PROF: '1',
    });
    expect(options).toMatchObject({
      duration: 2,
      rounds: 1,
      warmup: 0.5,
      connections: 20,
      scale: [10_000, 100_000],
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      cpuProfile: true,
    });
  });

  it('run the scenarios BENCH_ONLY names in a full run’s order, or some of their targets', () => {
    const options = readOptions({ BENCH_ONLY: 'keyed/partly,issuance,keyed/partly-off' });
    expect(options.only).toEqual([
      { scenario: 'issuance', targets: 'all' },
      { scenario: 'keyed', targets: ['partly', 'partly-off'] },
    ]);
    expect(selected(options, 'keyed')).toEqual(['partly', 'partly-off']);
    expect(selected(options, 'flows')).toBeUndefined();
    expect(readOptions({ BENCH_ONLY: 'keyed/partly,keyed' }).only).toEqual([
      { scenario: 'keyed', targets: 'all' },
    ]);
  });

  it('refuse a wrong value, saying what is allowed', () => {
    expect(() => readOptions({ BENCH_ROUNDS: '2.5' })).toThrow(
      'BENCH_ROUNDS must be a whole number from 1 to 50, got "2.5"',
    );
    expect(() => readOptions({ BENCH_DURATION: 'five' })).toThrow(
      'BENCH_DURATION must be a number from 0.5 to 600, got "five"',
    );
    expect(() => readOptions({ BENCH_ONLY: 'speed' })).toThrow(
      'BENCH_ONLY is a comma-separated list of issuance, keyed, flows, scale, crypto, secret, ' +
        'each optionally with /<target> (e.g. keyed/partly), got "speed"',
    );
    expect(() => readOptions({ BENCH_SCALE: '10k' })).toThrow(
      'BENCH_SCALE is a comma-separated list of key counts, got "10k"',
    );
    expect(() => readOptions({ BENCH_DATABASE_URL: 'mysql://x' })).toThrow(
      'BENCH_DATABASE_URL must be a postgres:// URL',
    );
    expect(() => readOptions({ BENCH_CPU_PROF: 'yes' })).toThrow(
      'BENCH_CPU_PROF must be 1 or 0, got "yes"',
    );
  });
});
