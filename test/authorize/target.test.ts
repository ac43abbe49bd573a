import { beforeAll, describe, expect, it } from 'vitest';
import { targetRefusals } from '../../src/authorize/target.js';
import { storeTargets } from '../helpers/targets.js';
import { expectPageHeaders, failedPage, setCookies } from '../sessions/browser.js';
import {
  authorizeUrl,
  callback,
  csrfOf,
  partsRequest,
  registerClient,
  signedInBrowser,
  testClients,
  useAuthorizeApp,
} from './support.js';

/** A request of the Parts Catalogue app with `redirect_uri` set to `uri`. */
const to = (uri: string) => authorizeUrl(partsRequest({ redirect_uri: uri }));
const without = (name: string) => {
  const params = partsRequest();
  delete params[name];
  return authorizeUrl(params);
};
const repeated = (name: string, value: string) =>
  `${authorizeUrl(partsRequest())}&${name}=${value}`;

// RFC 6749 §3.1.2.4, §4.1.2.1: until the client and its redirect URI are known to be right,
// nothing is sent to the redirect URI; the person sees a page instead.
describe.each(storeTargets)('requests that are answered with a page ($name)', (target) => {
  const ctx = useAuthorizeApp(target);

  beforeAll(async () => {
    const { services } = ctx();
    await registerClient(services, { ...testClients.parts, id: 'revoked_app' });
    await services.clients.revoke('org_demo_parts', 'revoked_app');
  });

  const cases: Array<[what: string, url: string, message: string]> = [
    ['no client_id', without('client_id'), targetRefusals.noClient],
    ['an empty client_id', authorizeUrl(partsRequest({ client_id: '' })), targetRefusals.noClient],
    [
      'an unknown client',
      authorizeUrl(partsRequest({ client_id: 'nobody' })),
      targetRefusals.unknownClient,
    ],
    [
      'a revoked client',
      authorizeUrl(partsRequest({ client_id: 'revoked_app' })),
      targetRefusals.unknownClient,
    ],
    ['no redirect_uri', without('redirect_uri'), targetRefusals.noRedirectUri],
    ['an empty redirect_uri', to(''), targetRefusals.noRedirectUri],
    ['a dot-dot segment', to(`${callback}/../evil`), targetRefusals.unregisteredRedirectUri],
    ['an encoded dot-dot', to(`${callback}/%2E%2E/evil`), targetRefusals.unregisteredRedirectUri],
    ['an added query', to(`${callback}?next=evil`), targetRefusals.unregisteredRedirectUri],
    ['a fragment', to(`${callback}#evil`), targetRefusals.unregisteredRedirectUri],
    ['another port', to('http://127.0.0.1:5174/callback'), targetRefusals.unregisteredRedirectUri],
    ['a trailing slash', to(`${callback}/`), targetRefusals.unregisteredRedirectUri],
    [
      'another case in the path',
      to('http://127.0.0.1:5173/Callback'),
      targetRefusals.unregisteredRedirectUri,
    ],
    [
      'another case in the scheme',
      to('HTTP://127.0.0.1:5173/callback'),
      targetRefusals.unregisteredRedirectUri,
    ],
    [
      'localhost for 127.0.0.1',
      to('http://localhost:5173/callback'),
      targetRefusals.unregisteredRedirectUri,
    ],
    ['a space after it', to(`${callback} `), targetRefusals.unregisteredRedirectUri],
    [
      'it encoded once more',
      to(encodeURIComponent(callback)),
      targetRefusals.unregisteredRedirectUri,
    ],
    [
      'a registered query left out',
      to('https://app.example/cb'),
      targetRefusals.unregisteredRedirectUri,
    ],
    [
      "another client's URI",
      to('https://platform.example/cb'),
      targetRefusals.unregisteredRedirectUri,
    ],
    [
      'redirect_uri twice',
      repeated('redirect_uri', encodeURIComponent(callback)),
      repeatedMessage('redirect_uri'),
    ],
    ['client_id twice', repeated('client_id', 'parts_app'), repeatedMessage('client_id')],
    ['state twice', repeated('state', 'again'), repeatedMessage('state')],
    [
      'a state of 2049 characters',
      authorizeUrl(partsRequest({ state: 's'.repeat(2049) })),
      targetRefusals.longState,
    ],
    ['an unknown parameter twice', `${authorizeUrl(partsRequest())}&x=1&x=2`, repeatedMessage('x')],
  ];

  it.each(cases)('shows a page for %s: 400, never a redirect', async (_what, url, message) => {
    const res = await ctx().app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expectPageHeaders(res);
    expect(res.body).toBe(failedPage(message));
  });

  it('shows the page to a signed-in person too, and issues nothing', async () => {
    const b = await signedInBrowser(ctx());
    const res = await b.get(to(`${callback}/`));
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(setCookies(res)).toEqual([]);
    expect(res.body).toBe(failedPage(targetRefusals.unregisteredRedirectUri));
    expect(await ctx().services.db.selectFrom('authorization_codes').selectAll().execute()).toEqual(
      [],
    );
  });

  it.each([
    [
      'whose redirect URI was changed',
      { redirect_uri: 'https://evil.example/cb' },
      targetRefusals.unregisteredRedirectUri,
    ],
    ['with a state too long to send back', { state: 's'.repeat(60_000) }, targetRefusals.longState],
  ])('shows the page for a consent form %s, and issues nothing', async (_what, change, message) => {
    const b = await signedInBrowser(ctx());
    const page = await b.get(authorizeUrl(partsRequest()));
    const res = await b.post('/oauth/authorize', {
      ...partsRequest(change),
      csrf_token: csrfOf(page),
      org_id: 'org_demo_parts',
      decision: 'allow',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toBe(failedPage(message));
    expect(await ctx().services.consents.list('usr_partium_dev')).toEqual([]);
  });

  it.each([
    ['PUT', '/oauth/authorize'],
    ['DELETE', '/oauth/authorize'],
    ['GET', '/oauth/authorize/x'],
  ] as const)('answers %s %s with a page, 404', async (method, url) => {
    const res = await ctx().app.inject({ method, url });
    expect(res.statusCode).toBe(404);
    expectPageHeaders(res);
    expect(res.body).toBe(failedPage(`no endpoint ${method} ${url}`));
  });
});

function repeatedMessage(name: string): string {
  return `The request is not valid: the ${name} parameter is sent more than once.`;
}
