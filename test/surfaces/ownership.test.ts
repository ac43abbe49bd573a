import { describe, expect, it } from 'vitest';
import { surfaceNames } from '../../src/config.js';
import { surfaceOwning } from '../../src/surfaces/index.js';

describe('which mounted surface answers a path outside its routes', () => {
  it.each([
    ['/api/2026-01/anything', 'partly'],
    ['/1/find/search', 'partium'],
    ['/auth', 'partium'],
    ['/auth/refresh', 'partium'],
    ['/auth?x=1', 'partium'],
    ['/fabric/api/nothing', 'patchworks'],
    ['/partner/v1/nothing', 'partner'],
    ['/api/2026-01', undefined],
    ['/authority', undefined],
    ['/1', undefined],
    ['/fabric', undefined],
    ['/v1/orgs', undefined],
  ])('%s: %s', (url, name) => {
    expect(surfaceOwning(url, surfaceNames)?.name).toBe(name);
  });

  it('is none for a surface that is not mounted', () => {
    expect(surfaceOwning('/partner/v1/nothing', ['partly', 'partium'])).toBeUndefined();
  });
});
