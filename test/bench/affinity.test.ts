import { describe, expect, it } from 'vitest';
import { placement } from '../../bench/servers/affinity.js';

describe('where the servers and the harness run', () => {
  it('puts every server on the last CPU and the harness on the others', () => {
    expect(placement(1)).toBeUndefined();
    expect(placement(2)).toEqual({ server: '1', load: '0' });
    expect(placement(8)).toEqual({ server: '7', load: '0-6' });
  });
});
