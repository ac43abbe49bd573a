import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson } from '../helpers/replies.js';

const [sqlite] = storeTargets;
if (sqlite === undefined) throw new Error('no SQLite target');

// Answers given before any route runs (a malformed path, no such route) take the wire
// format of the surface the path belongs to.
describe('errors outside any route', () => {
  const ctx = useTestApp(sqlite);
  const get = async (url: string) => {
    const response = await ctx().app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };

  it.each([
    '/partner/v1/commands/%zz',
    '/api/2026-01/%zz',
    '/fabric/api/%zz',
    '/1/find/%zz',
    '/auth/%zz',
  ])('%s is a bad request in the surface format', async (url) => {
    expect(await get(url)).toEqual({ status: 400, body: { type: 'invalid_request' } });
  });

  it('a malformed path elsewhere answers as the management API does', async () => {
    expect(await get('/v1/orgs/%zz')).toEqual({
      status: 400,
      body: { type: 'invalid_request', message: 'the request is malformed' },
    });
  });

  it("an unknown path that is no surface's answers as the management API does", async () => {
    expect(await get('/authorize-nothing')).toEqual({
      status: 404,
      body: { type: 'not_found', message: 'no route for GET /authorize-nothing' },
    });
  });
});

describe('errors outside any route, surfaces not mounted', () => {
  const ctx = useTestApp(sqlite, { surfaces: [] });

  it('a surface path answers as the management API does', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/fabric/api/flows' });
    expectJson(response, 404, {
      type: 'not_found',
      message: 'no route for GET /fabric/api/flows',
    });
  });
});
