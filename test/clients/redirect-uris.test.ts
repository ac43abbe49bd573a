import { describe, expect, it } from 'vitest';
import { untrustedRedirectUris } from '../helpers/redirect-uris.js';
import { storeTargets } from '../helpers/targets.js';
import { useClientService } from './support.js';

/** Redirect URIs an app may register, each stored exactly as written. */
const trusted = [
  'http://127.0.0.1:5173/callback',
  'http://127.0.0.1:5174/install/callback',
  'http://[::1]:8080/cb',
  'http://localhost:3000/cb',
  'https://app.example/cb',
  'https://app.example/cb?from=app&x=%20',
  'https://app.example:8443/oauth/callback',
  'https://app.example',
  'com.example.app:/oauth2redirect/example-provider',
];

describe.each(storeTargets)('client service: redirect URIs ($name)', (target) => {
  const clients = useClientService(target, 'org_r');

  it.each(untrustedRedirectUris)('refuses %s', async (uri, message) => {
    const input = { orgId: 'org_r', name: 'c', redirectUris: [uri] };
    await expect(
      clients().create({ ...input, type: 'public', grantTypes: ['refresh_token'] }),
    ).rejects.toMatchObject({ outcome: 'invalid_input', message });
    expect(await clients().list('org_r')).toEqual([]);
  });

  it('accepts https, loopback http and private-use schemes, stored exactly as written', async () => {
    const { client } = await clients().create({
      orgId: 'org_r',
      name: 'native and web',
      type: 'public',
      grantTypes: ['refresh_token'],
      redirectUris: trusted,
    });
    expect(client.redirectUris).toEqual(trusted);
    expect((await clients().get('org_r', client.id))?.redirectUris).toEqual(trusted);
  });

  it('refuses a grant type listed twice', async () => {
    await expect(
      clients().create({
        orgId: 'org_r',
        name: 'twice',
        grantTypes: ['client_credentials', 'password', 'client_credentials'],
      }),
    ).rejects.toMatchObject({
      outcome: 'invalid_input',
      message: 'grant type client_credentials is listed more than once',
    });
  });
});
