import { describe, expect, it } from 'vitest';
import { useRunningServer } from '../helpers/server.js';
import { client, corolla, headersOf, repairer, supplier } from '../surfaces/partly/support.js';
import {
  error,
  json,
  partlyClient,
  partlyMethods as methods,
  type Answer,
} from './partly-support.js';

// Every path of the Partly-style surface answers every bad input with its own typed 4xx.
describe('the Partly-style surface: bad input sweep over HTTP', () => {
  const server = useRunningServer();
  const { call, send } = partlyClient(() => server().url);

  const oversize = JSON.stringify({ identity: { id: 'a'.repeat(70 * 1024) } });

  it('an unknown method is 404 method_not_found', async () => {
    for (const method of ['nope', 'integrations.list', 'supplier.procurements.delete', 'a/b']) {
      expect(await call(method, {}, repairer)).toEqual(error(404, 'method_not_found'));
    }
    expect(await send('', { method: 'POST' })).toEqual(error(404, 'method_not_found'));
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])(
    'any method called with %s is 405 method_not_allowed',
    async (verb) => {
      for (const method of methods) {
        const res = await fetch(`${server().url}/api/2026-01/${method}`, {
          method: verb,
          headers: headersOf(repairer),
        });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
        expect(await res.json()).toEqual({ type: 'method_not_allowed' });
      }
    },
  );

  /** A body sent as `contentType`. */
  const sent = (body: string, contentType = json): RequestInit => ({
    body,
    headers: { 'content-type': contentType },
  });
  const unreadable = error(400, 'invalid_request');
  const unsupported = error(415, 'unsupported_media_type');
  const bodyCases: Array<[string, RequestInit, Answer]> = [
    ['malformed JSON', sent('{"identity":'), unreadable],
    ['an empty JSON body', sent(''), unreadable],
    ['no body at all', {}, unreadable],
    ['a JSON array', sent('[]'), unreadable],
    ['a JSON string', sent('"x"'), unreadable],
    ['JSON null', sent('null'), unreadable],
    ['a text/plain body', sent('{}', 'text/plain'), unsupported],
    ['a form body', sent('a=b', 'application/x-www-form-urlencoded'), unsupported],
    ['an oversize body', sent(oversize), error(413, 'payload_too_large')],
  ];
  const credentialFor = (method: string) =>
    method.startsWith('supplier.')
      ? supplier
      : method === 'integrations.insert'
        ? undefined
        : repairer;
  for (const method of methods.filter((m) => m !== 'integrations.delete')) {
    it.each(bodyCases)(`${method} with %s`, async (_name, init, expected) => {
      const who = credentialFor(method);
      const headers = {
        ...(who ? headersOf(who) : {}),
        ...(init.headers as Record<string, string>),
      };
      expect(await send(method, { ...init, method: 'POST', headers })).toEqual(expected);
    });
  }

  it.each([
    ['client_id missing', { client_secret: 'x', access_code: 'y' }],
    ['client_secret a number', { ...client, client_secret: 1, access_code: 'y' }],
    ['access_code null', { ...client, access_code: null }],
    ['access_code an object', { ...client, access_code: { code: 'y' } }],
  ])('integrations.insert with %s is 400 invalid_request', async (_name, body) => {
    expect(await call('integrations.insert', body)).toEqual(error(400, 'invalid_request'));
  });

  it.each([
    ['no identity', {}],
    ['identity without id', { identity: {} }],
    ['id a number', { identity: { id: 1 } }],
    ['id null', { identity: { id: null } }],
    ['identity a string', { identity: corolla }],
  ])('a get or confirm with %s is 400 invalid_request', async (_name, body) => {
    expect(await call('repairer.jobs.get', body, repairer)).toEqual(error(400, 'invalid_request'));
    expect(await call('supplier.procurements.get', body, supplier)).toEqual(
      error(400, 'invalid_request'),
    );
    expect(await call('supplier.procurements.confirm', body, supplier)).toEqual(
      error(400, 'invalid_request'),
    );
  });
});
