import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { untrustedRedirectUris } from '../helpers/redirect-uris.js';
import { storeTargets } from '../helpers/targets.js';
import { call, people, signedInToFreshOrg } from './support.js';
import { expectAnswer } from '../helpers/replies.js';

/** Token lifetimes outside 1 to 86400 whole seconds, and the rule each breaks. */
const badTtls: Array<[string, number, string]> = [
  ['a token lifetime of zero', 0, '>= 1'],
  ['a token lifetime over a day', 86_401, '<= 86400'],
  ['a fractional token lifetime', 1.5, 'integer'],
];

/** The answer to a grant type the token endpoint does not serve. */
const grantTypeChoices =
  'body.grant_types.0 must be one of: authorization_code, client_credentials, password, refresh_token, urn:ietf:params:oauth:grant-type:token-exchange';

const badBodies: Array<[string, object, string]> = [
  ['an unknown field', { name: 'c', secret: 'mine' }, 'body must NOT have additional properties'],
  ['no name', { type: 'public' }, 'body.name is required'],
  ['an empty name', { name: '' }, 'body.name must NOT have fewer than 1 characters'],
  ['a blank name', { name: '   ' }, 'client name must be 1 to 200 characters'],
  ['a name with a tab', { name: ' \t ' }, 'body.name has characters that are not allowed'],
  [
    'an unknown type',
    { name: 'c', type: 'secret' },
    'body.type must be one of: confidential, public',
  ],
  ['an unknown grant', { name: 'c', grant_types: ['implicit'] }, grantTypeChoices],
  [
    'no grant at all',
    { name: 'c', grant_types: [] },
    'body.grant_types must NOT have fewer than 1 items',
  ],
  [
    'a public client with client_credentials',
    { name: 'c', type: 'public', grant_types: ['client_credentials'] },
    'a public client cannot use the client_credentials grant',
  ],
  [
    'a public client with the password grant',
    {
      name: 'c',
      type: 'public',
      grant_types: ['refresh_token', 'password'],
      redirect_uris: ['https://app.example/cb'],
    },
    'a public client cannot use the password grant',
  ],
  [
    'a redirect URI with a fragment',
    { name: 'c', redirect_uris: ['https://app.example/cb#x'] },
    'redirect URI must not have a fragment: https://app.example/cb#x',
  ],
  [
    'a relative redirect URI',
    { name: 'c', redirect_uris: ['/cb'] },
    'redirect URI is not an absolute URI: /cb',
  ],
  [
    'a grant type listed twice',
    { name: 'c', grant_types: ['client_credentials', 'client_credentials'] },
    'grant type client_credentials is listed more than once',
  ],
  ...untrustedRedirectUris.map(([uri, message]): [string, object, string] => [
    `the redirect URI ${uri}`,
    { name: 'c', type: 'public', grant_types: ['refresh_token'], redirect_uris: [uri] },
    message,
  ]),
  [
    'the authorization_code grant without a redirect URI',
    { name: 'c', grant_types: ['authorization_code'] },
    'the authorization_code grant needs a redirect URI',
  ],
  [
    'a scope with a quote',
    { name: 'c', scopes: ['a"b'] },
    'body.scopes.0 has characters that are not allowed',
  ],
  // The service's rule for the PKCE flag (clients/service.ts), word for word.
  [
    'a public client without PKCE',
    { name: 'c', type: 'public', grant_types: ['refresh_token'], pkce_required: false },
    'a public client must use PKCE (RFC 9700 §2.1.1)',
  ],
  // Platform and install clients reach past their org: only an operator registers them (CLI).
  ...(
    [
      ['a platform client', { platform: true }],
      ['platform set false', { platform: false }],
      ['an install client', { install: true }],
      ['install set false', { install: false }],
    ] as const
  ).map(([name, flag]): [string, object, string] => [
    name,
    { name: 'c', redirect_uris: ['https://installer.example/install/callback'], ...flag },
    'body must NOT have additional properties',
  ]),
  [
    'a flag as a string',
    { name: 'c', pkce_required: 'true' },
    'body.pkce_required must be boolean',
  ],
  ['a flag as a number', { name: 'c', pkce_required: 0 }, 'body.pkce_required must be boolean'],
  ['a flag as null', { name: 'c', pkce_required: null }, 'body.pkce_required must be boolean'],
  ...badTtls.map(([name, ttl, rule]): [string, object, string] => [
    name,
    { name: 'c', access_token_ttl: ttl },
    `body.access_token_ttl must be ${rule}`,
  ]),
];

describe.each(storeTargets)('/v1 clients: bad requests ($name)', (target) => {
  const ctx = useTestApp(target);

  it.each(badBodies)('refuses %s, creating nothing', async (_, payload, message) => {
    const { app, services } = ctx();
    const { orgId, token } = await signedInToFreshOrg(app, services, people.admin, 'admin');
    const res = await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, payload);
    expectAnswer(res, 400, { type: 'invalid_request', message });
    expect(await services.clients.list(orgId)).toEqual([]);
  });
});
