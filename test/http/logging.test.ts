import { describe, expect, it } from 'vitest';
import { backend, basic, form, partner, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';

// docs/architecture.md: secrets are never logged. Requests carry them every way a client might.
describe.each(storeTargets.slice(0, 1))('the request log ($name)', (target) => {
  const ctx = useTestApp(target, { logLevel: 'debug' });

  it('holds no secret, whatever the request carried', async () => {
    const { app, logs } = ctx();
    const inject = (fields: Record<string, string>, authorization?: string, query = '') =>
      app.inject({
        method: 'POST',
        url: `/oauth/token${query}`,
        ...form(fields),
        headers: { ...form({}).headers, ...(authorization ? { authorization } : {}) },
      });

    const password = await inject(
      { grant_type: 'password', username: 'dev@partium.example', password: 'demo-dev-pass' },
      basic(backend.id, backend.secret),
    );
    const { access_token: accessToken, refresh_token: refreshToken } = password.json();
    await inject(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic(backend.id, backend.secret),
    );
    await inject({
      grant_type: 'client_credentials',
      client_id: partner.id,
      client_secret: partner.secret,
    });
    await inject(
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: 'pw_demo_key_8e2b5d1f4a7c0e3b6d9f',
        subject_token_type: 'urn:gatehouse:params:oauth:token-type:api-key',
      },
      basic(backend.id, backend.secret),
    );
    await inject(
      { grant_type: 'client_credentials' },
      undefined,
      `?client_secret=${partner.secret}`,
    );
    await inject(
      { grant_type: 'password', username: 'dev@partium.example', password: 'wrong-guess-123' },
      basic(backend.id, backend.secret),
    );
    await app.inject({
      method: 'GET',
      url: '/v1/orgs',
      headers: { authorization: `Bearer ${accessToken}`, cookie: 'session=cookie-secret-1' },
    });
    await app.inject({
      method: 'GET',
      url: '/v1/orgs',
      headers: { authorization: 'Bearer partium_demo_key_5c1f0e2d9b8a7c6d4e3f' },
    });

    // One line per request, written once it was answered: what was asked and how it ended,
    // the path without its query string.
    const lines = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.msg === 'request completed');
    expect(requests.map(({ method, path, status }) => [method, path, status])).toEqual([
      ['POST', '/oauth/token', 200],
      ['POST', '/oauth/token', 200],
      ['POST', '/oauth/token', 200],
      ['POST', '/oauth/token', 200],
      ['POST', '/oauth/token', 401],
      ['POST', '/oauth/token', 400],
      ['GET', '/v1/orgs', 200],
      ['GET', '/v1/orgs', 403],
    ]);
    for (const line of requests) {
      // Nothing but these fields: no header, no body, no query.
      expect(Object.keys(line).sort()).toEqual([
        'hostname',
        'level',
        'method',
        'msg',
        'path',
        'pid',
        'remoteAddress',
        'reqId',
        'responseTime',
        'status',
        'time',
      ]);
      expect(line).toMatchObject({ level: 30, remoteAddress: '127.0.0.1' });
      expect(line.responseTime).toBeTypeOf('number');
    }
    expect(new Set(requests.map((line) => line.reqId)).size).toBe(requests.length);
    expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([]);

    // And no line of any kind holds a secret.
    const log = logs.join('');
    for (const secret of [
      backend.secret,
      partner.secret,
      'demo-dev-pass',
      'wrong-guess-123',
      accessToken,
      refreshToken,
      'pw_demo_key_8e2b5d1f4a7c0e3b6d9f',
      'partium_demo_key_5c1f0e2d9b8a7c6d4e3f',
      'cookie-secret-1',
      Buffer.from(`${backend.id}:${backend.secret}`).toString('base64'),
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
