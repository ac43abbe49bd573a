import { describe, expect, it } from 'vitest';
import type { CreateClientInput, GrantType } from '../../src/clients/service.js';
import { storeTargets } from '../helpers/targets.js';
import { useClientService } from './support.js';

type Change = Omit<CreateClientInput, 'orgId' | 'name'> & { name?: string };

// The CLI and the API type their input; the service still guards callers that do not.
const implicit = 'implicit' as unknown as GrantType;

const refusals: Array<[string, Change, string]> = [
  ['a blank name', { name: '   ' }, 'client name must be 1 to 200 characters'],
  ['a name too long', { name: 'n'.repeat(201) }, 'client name must be 1 to 200 characters'],
  [
    'a client_id with a space',
    { id: 'my client' },
    'client_id must be 3 to 100 of A-Z a-z 0-9 . _ ~ -',
  ],
  ['a client_id too short', { id: 'ab' }, 'client_id must be 3 to 100 of A-Z a-z 0-9 . _ ~ -'],
  ['no grant', { grantTypes: [] }, 'a client needs at least one grant type'],
  ['an unknown grant', { grantTypes: [implicit] }, 'unknown grant type: implicit'],
  [
    'a public client with client_credentials',
    { type: 'public', grantTypes: ['client_credentials'] },
    'a public client cannot use the client_credentials grant',
  ],
  [
    'a public client with token exchange',
    { type: 'public', grantTypes: ['urn:ietf:params:oauth:grant-type:token-exchange'] },
    'a public client cannot use the urn:ietf:params:oauth:grant-type:token-exchange grant',
  ],
  [
    'a public client with no redirect URI',
    { type: 'public' },
    'the authorization_code grant needs a redirect URI',
  ],
  [
    'a redirect URI with a fragment',
    { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb#done'] },
    'redirect URI must not have a fragment: https://app.example/cb#done',
  ],
  [
    'a redirect URI with an empty fragment',
    { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb#'] },
    'redirect URI must not have a fragment: https://app.example/cb#',
  ],
  [
    'a redirect URI that is not absolute',
    { grantTypes: ['authorization_code'], redirectUris: ['app.example/cb'] },
    'redirect URI is not an absolute URI: app.example/cb',
  ],
  [
    'a javascript: redirect URI',
    { grantTypes: ['authorization_code'], redirectUris: ['javascript:alert(1)'] },
    'redirect URI scheme not allowed: javascript:alert(1)',
  ],
  [
    'a plain-http redirect URI to another host',
    { grantTypes: ['authorization_code'], redirectUris: ['http://app.example/cb'] },
    'redirect URI must use https (or a loopback host): http://app.example/cb',
  ],
  ['a scope with a backslash', { scopes: ['a\\b'] }, 'invalid scope: a\\b'],
  ['an empty scope', { scopes: [''] }, 'invalid scope: '],
  [
    'a token lifetime of zero',
    { accessTokenTtl: 0 },
    'access_token_ttl must be 1 to 86400 seconds',
  ],
  [
    'a token lifetime over a day',
    { accessTokenTtl: 86_401 },
    'access_token_ttl must be 1 to 86400 seconds',
  ],
  [
    'a fractional token lifetime',
    { accessTokenTtl: 2.5 },
    'access_token_ttl must be 1 to 86400 seconds',
  ],
];

describe.each(storeTargets)('client service: validation ($name)', (target) => {
  const clients = useClientService(target, 'org_v');

  it.each(refusals)('refuses %s, storing nothing', async (_, change, message) => {
    const input: CreateClientInput = { orgId: 'org_v', name: 'client', ...change };
    await expect(clients().create(input)).rejects.toMatchObject({
      code: 'invalid_request',
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
      grantTypes: ['authorization_code'],
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
});
