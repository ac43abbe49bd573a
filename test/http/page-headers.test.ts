import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testIssuer, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson } from '../helpers/replies.js';

const [sqlite] = storeTargets;
if (sqlite === undefined) throw new Error('no SQLite target');

/** The headers of browser hygiene, as a response carries them (absent ones left out). */
function hygiene(res: LightMyRequestResponse): Record<string, unknown> {
  const names = [
    'content-type',
    'content-security-policy',
    'x-frame-options',
    'referrer-policy',
    'x-content-type-options',
    'cache-control',
    'vary',
  ];
  return Object.fromEntries(
    names.filter((name) => res.headers[name] !== undefined).map((n) => [n, res.headers[n]]),
  );
}

/** The CSP of a page: nothing but its own inline stylesheet, found by its hash; no script. */
function pagePolicy(body: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1];
  if (style === undefined) throw new Error('the page has no stylesheet');
  const hash = createHash('sha256').update(style).digest('base64');
  return (
    `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; ` +
    "form-action 'self'; frame-ancestors 'none'"
  );
}

const pageHeaders = (body: string) => ({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': pagePolicy(body),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
});

describe('pages and answers of the sandbox', () => {
  const ctx = useTestApp(sqlite);

  it('sends the credentials page with page headers, uncached', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/sandbox' });
    expect(res.statusCode).toBe(200);
    expect(hygiene(res)).toEqual({ ...pageHeaders(res.body), 'cache-control': 'no-store' });
    expect(res.body).not.toContain('<script');
  });

  it('varies /sandbox/credentials on Accept, as a page and as JSON', async () => {
    const page = await ctx().app.inject({
      method: 'GET',
      url: '/sandbox/credentials',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.statusCode).toBe(200);
    expect(hygiene(page)).toEqual({
      ...pageHeaders(page.body),
      'cache-control': 'no-store',
      vary: 'Accept',
    });

    const json = await ctx().app.inject({ method: 'GET', url: '/sandbox/credentials' });
    expect(json.statusCode).toBe(200);
    expect(hygiene(json)).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      vary: 'Accept',
    });
  });

  it('sends a browser from / to the credentials page', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/sandbox');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('marks every other answer nosniff: 404s that echo the path, errors, JSON', async () => {
    const { app } = ctx();
    const notFound = await app.inject({ method: 'GET', url: '/<b>nope</b>' });
    expectJson(notFound, 404, {
      type: 'not_found',
      message: 'no route for GET /%3Cb%3Enope%3C/b%3E',
    });
    expect(hygiene(notFound)).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
    const answers = await Promise.all([
      app.inject({ method: 'GET', url: '/.well-known/jwks.json' }),
      app.inject({ method: 'POST', url: '/oauth/token', payload: {} }),
      app.inject({ method: 'POST', url: '/api/2026-01/integrations.get', payload: {} }),
      app.inject({ method: 'GET', url: '/v1/orgs' }),
      app.inject({ method: 'GET', url: '/v1/orgs/%E0%A4%A/api-keys' }),
    ]);
    expect(answers.map((res) => [res.statusCode, res.headers['x-content-type-options']])).toEqual([
      [200, 'nosniff'],
      [400, 'nosniff'],
      [401, 'nosniff'],
      [401, 'nosniff'],
      [400, 'nosniff'],
    ]);
  });
});

describe('the home page in production', () => {
  const ctx = useTestApp(sqlite, { sandbox: false });

  it('answers a browser at / with a page that leads to discovery', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(hygiene(res)).toEqual(pageHeaders(res.body));
    expect(res.body).toContain('<h1>Gatehouse</h1>');
    for (const path of [
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
      '/.well-known/jwks.json',
    ]) {
      expect(res.body).toContain(`<a href="${testIssuer}${path}">`);
    }
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toContain('sandbox');
  });
});
