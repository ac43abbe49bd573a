import { describe, expect, it } from 'vitest';
import type { CreateClientInput, GrantType } from '../../src/clients/service.js';
import { storeTargets } from '../helpers/targets.js';
import { useClientService } from './support.js';

type Change = Omit<CreateClientInput, 'orgId' | 'name'> & { name?: string };

// The CLI and the API type their input; the service still guards callers that do not.
const implicit = 'implicit' as unknown as GrantType;

const clientIdRule = 'client_id must be 3 to 100 of A-Z a-z 0-9 . _ ~ -';
const ttlRule = 'access_token_ttl must be 1 to 86400 seconds';
const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const cb = 'https://app.example/cb';

/** Redirect URIs an authorization_code client may not register, and the reason given for each. */
const badRedirectUris: Array<[string, string, string]> = [
  ['a redirect URI with a fragment', 'https://app.example/cb#done', 'must not have a fragment'],
  ['a redirect URI with an empty fragment', 'https://app.example/cb#', 'must not have a fragment'],
  ['a redirect URI that is not absolute', 'app.example/cb', 'is not an absolute URI'],
  ['a javascript: redirect URI', 'javascript:alert(1)', 'scheme not allowed'],
  [
    'a plain-http redirect URI to another host',
    'http://app.example/cb',
    'must use https (or a loopback host)',
  ],
];

/** Token lifetimes outside 1 to 86400 whole seconds. */
const badTtls: Array<[string, number]> = [
  ['a token lifetime of zero', 0],
  ['a token lifetime over a day', 86_401],
  ['a fractional token lifetime', 2.5],
];

const refusals: Array<[string, Change, string]> = [
  ['a blank name', { name: '   ' }, 'client name must be 1 to 200 characters'],
  ['a name too long', { name: 'n'.repeat(201) }, 'client name must be 1 to 200 characters'],
  ['a client_id with a space', { id: 'my client' }, clientIdRule],
  ['a client_id too short', { id: 'ab' }, clientIdRule],
  ['no grant', { grantTypes: [] }, 'a client needs at least one grant type'],
  ['an unknown grant', { grantTypes: [implicit] }, 'unknown grant type: implicit'],
  [
    'a public client with client_credentials',
    { type: 'public', grantTypes: ['client_credentials'] },
    'a public client cannot use the client_credentials grant',
  ],
  [
    'a public client with token exchange',
    { type: 'public', grantTypes: [tokenExchange] },
    `a public client cannot use the ${tokenExchange} grant`,
  ],
  // Its codes are sent to a redirect URI, so it needs one registered.
  [
    'the authorization_code grant without a redirect URI',
    { grantTypes: ['authorization_code'] },
    'the authorization_code grant needs a redirect URI',
  ],
  [
    'a public client with the authorization_code grant and no redirect URI',
    { type: 'public', grantTypes: ['authorization_code', 'refresh_token'] },
    'the authorization_code grant needs a redirect URI',
  ],
  [
    'a public client without PKCE',
    { type: 'public', grantTypes: ['refresh_token'], pkceRequired: false },
    'a public client must use PKCE (RFC 9700 §2.1.1)',
  ],
  [
    'a public install client',
    { type: 'public', grantTypes: ['refresh_token'], install: true, redirectUris: [cb] },
    'an install client must be confidential',
  ],
  [
    'an install client without a redirect URI',
    { install: true },
    'an install client needs a redirect URI',
  ],
  ...badRedirectUris.map(([name, uri, reason]): [string, Change, string] => [
    name,
    { redirectUris: [uri] },
    `redirect URI ${reason}: ${uri}`,
  ]),
  ['a scope with a backslash', { scopes: ['a\\b'] }, 'invalid scope: a\\b'],
  ['an empty scope', { scopes: [''] }, 'invalid scope: '],
  ...badTtls.map(([name, ttl]): [string, Change, string] => [
    name,
    { accessTokenTtl: ttl },
    ttlRule,
  ]),
];

describe.each(storeTargets)('client service: validation ($name)', (target) => {
  const clients = useClientService(target, 'org_v');

  it.each(refusals)('refuses %s, storing nothing', async (_, change, message) => {
    const input: CreateClientInput = { orgId: 'org_v', name: 'client', ...change };
    await expect(clients().create(input)).rejects.toMatchObject({
      outcome: 'invalid_input',
      message,
    });
    expect(await clients().list('org_v')).toEqual([]);
  });

  it('accepts the boundaries of each rule', async () => {
    const { client } = await clients().create({
      orgId: 'org_v',
      name: 'n'.repeat(200),
      id: 'abc',
      type: 'public',
      grantTypes: ['refresh_token'],
      redirectUris: ['http://127.0.0.1:5173/callback?from=app'],
      scopes: ['!#[]~'],
      accessTokenTtl: 86_400,
    });
    expect(client).toMatchObject({
      id: 'abc',
      redirectUris: ['http://127.0.0.1:5173/callback?from=app'],
      scopes: ['!#[]~'],
      accessTokenTtl: 86_400,
    });
  });

  it.each([
    ['a confidential', 'confidential', false],
    ['a public', 'public', true],
  ] as const)(
    'accepts %s client with the authorization_code grant and a redirect URI',
    async (_, type, pkceRequired) => {
      const { client } = await clients().create({
        orgId: 'org_v',
        name: 'web app',
        type,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: [cb],
        // A confidential client may be registered without PKCE; a public one may not.
        ...(pkceRequired ? {} : { pkceRequired: false }),
      });
      expect(await clients().find(client.id)).toMatchObject({
        type,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: [cb],
        pkceRequired,
      });
    },
  );

  it('keeps an install client that may omit PKCE as registered', async () => {
    const { client } = await clients().create({
      orgId: 'org_v',
      name: 'installer',
      install: true,
      pkceRequired: false,
      redirectUris: [cb],
    });
    expect(client).toMatchObject({ install: true, pkceRequired: false, redirectUris: [cb] });
    expect(await clients().find(client.id)).toMatchObject({ install: true, pkceRequired: false });
  });
});
