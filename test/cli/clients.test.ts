import { beforeAll, describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { flags, gatehouse, pick, usageError, useCliStore } from './support.js';

describe('gatehouse clients create', () => {
  useCliStore();
  let orgId = '';
  /** `gatehouse clients create --org <the test org> --name <name> ...options`. */
  const createIn = (name: string, ...options: string[]) =>
    gatehouse('clients', 'create', '--org', orgId, '--name', name, ...options);

  beforeAll(async () => {
    orgId = pick(await gatehouse('orgs', 'create', '--name', 'Clients Co'), /^created org (\S+)/);
  });

  it('creates a confidential client and prints its secret once', async () => {
    const lines = await createIn('Backend');
    expect(lines).toEqual([
      expect.stringMatching(
        /^created client ghc_\w{20} \(confidential; grants: client_credentials\)$/,
      ),
      expect.stringMatching(/^client_id: ghc_\w{20}$/),
      expect.stringMatching(/^client_secret: ghcs_\w{40} {3}\(shown once: store it now\)$/),
    ]);
    const id = pick(lines, /^client_id: (\S+)$/);
    const secret = pick(lines, /^client_secret: (\S+)/);
    expect(lines.filter((line) => line.includes(secret))).toHaveLength(1);
    const client = await withServices(({ clients }) => clients.authenticate(id, secret));
    expect(client).toMatchObject({ id, orgId, name: 'Backend', type: 'confidential' });
  });

  it('passes grants, scopes, redirect URIs and a token lifetime through', async () => {
    const lines = await createIn(
      'App',
      ...flags({
        grant: ['password', 'refresh_token'],
        scope: 'parts:read',
        'redirect-uri': 'https://app.example/callback',
        ttl: '300',
      }),
    );
    expect(lines[0]).toMatch(
      /^created client ghc_\w{20} \(confidential; grants: password refresh_token\)$/,
    );
    const id = pick(lines, /^client_id: (\S+)$/);
    const client = await withServices(({ clients }) => clients.get(orgId, id));
    expect(client).toMatchObject({
      grantTypes: ['password', 'refresh_token'],
      scopes: ['parts:read'],
      redirectUris: ['https://app.example/callback'],
      accessTokenTtl: 300,
    });
  });

  it('creates a public client and prints no secret', async () => {
    await expect(createIn('SPA', ...flags({ type: 'public' }))).rejects.toThrow(
      'a public client needs its grant types named: none is given by default',
    );
    const options = {
      type: 'public',
      grant: 'refresh_token',
      'redirect-uri': 'http://127.0.0.1:5173/callback',
    };
    const lines = await createIn('SPA', ...flags(options));
    expect(lines).toEqual([
      expect.stringMatching(/^created client ghc_\w{20} \(public; grants: refresh_token\)$/),
      expect.stringMatching(/^client_id: ghc_\w{20}$/),
    ]);
  });

  it('refuses an unknown org and a client the service refuses', async () => {
    await expect(
      gatehouse('clients', 'create', '--org', 'org_nope', '--name', 'x'),
    ).rejects.toThrow('no org org_nope');
    await expect(
      createIn('x', '--type', 'public', '--grant', 'client_credentials'),
    ).rejects.toThrow('a public client cannot use the client_credentials grant');
    await expect(createIn('x', '--redirect-uri', 'https://a.example/cb#f')).rejects.toThrow(
      'redirect URI must not have a fragment: https://a.example/cb#f',
    );
    const listed = await withServices(({ clients }) => clients.list(orgId));
    expect(listed.map((c) => c.name).sort()).toEqual(['App', 'Backend', 'SPA']);
  });

  it('creates a platform client, and lists which clients are platform clients', async () => {
    const lines = await createIn('Operator backend', '--grant', 'password', '--platform');
    expect(lines[0]).toMatch(
      /^created client ghc_\w{20} \(confidential; grants: password; platform\)$/,
    );
    const id = pick(lines, /^client_id: (\S+)$/);
    expect(await withServices(({ clients }) => clients.get(orgId, id))).toMatchObject({
      platform: true,
    });
    const listed = await gatehouse('clients', 'list', '--org', orgId);
    expect(listed).toContain(
      `${id}\tOperator backend\tconfidential\tpassword\tplatform\t-\tpkce required\tactive`,
    );
    expect(listed.filter((line) => line.endsWith('\torg\t-\tpkce required\tactive'))).toHaveLength(
      3,
    );
    expect(listed.join('\n')).not.toContain('ghcs_');
  });

  it('creates an install client that may omit PKCE, and lists both flags', async () => {
    const callback = 'https://installer.example/install/callback';
    const lines = await createIn(
      'Installer',
      '--install',
      '--pkce-optional',
      '--redirect-uri',
      callback,
    );
    const id = pick(lines, /^client_id: (\S+)$/);
    expect(lines).toEqual([
      `created client ${id} (confidential; grants: client_credentials; install; PKCE optional)`,
      `client_id: ${id}`,
      expect.stringMatching(/^client_secret: ghcs_\w{40} {3}\(shown once: store it now\)$/),
    ]);
    expect(await withServices(({ clients }) => clients.get(orgId, id))).toMatchObject({
      install: true,
      pkceRequired: false,
      redirectUris: [callback],
    });
    const listed = await gatehouse('clients', 'list', '--org', orgId);
    expect(listed).toContain(
      `${id}\tInstaller\tconfidential\tclient_credentials\torg\tinstall\tpkce optional\tactive`,
    );
  });

  it('names each flag only when it departs from the default', async () => {
    const install = await createIn(
      'Install, PKCE',
      '--install',
      '--redirect-uri',
      'https://i.example/cb',
    );
    expect(install[0]).toMatch(
      /^created client ghc_\w{20} \(confidential; grants: client_credentials; install\)$/,
    );
    const optional = await createIn('PKCE optional', '--pkce-optional');
    expect(optional[0]).toMatch(
      /^created client ghc_\w{20} \(confidential; grants: client_credentials; PKCE optional\)$/,
    );
  });

  it('refuses the flags where the service does, with its words', async () => {
    const spa = ['--type', 'public', '--grant', 'refresh_token'];
    await expect(createIn('x', ...spa, '--pkce-optional')).rejects.toMatchObject({
      message: 'a public client must use PKCE (RFC 9700 §2.1.1)',
    });
    await expect(
      createIn('x', ...spa, '--install', '--redirect-uri', 'https://i.example/cb'),
    ).rejects.toMatchObject({ message: 'an install client must be confidential' });
    await expect(createIn('x', '--install')).rejects.toMatchObject({
      message: 'an install client needs a redirect URI',
    });
    const listed = await withServices(({ clients }) => clients.list(orgId));
    expect(listed.filter((c) => c.name === 'x')).toEqual([]);
  });

  // --grant lists its choices in --help, but its repeatable parser replaces commander's
  // choice check, so the service is what refuses an unknown grant.
  it('refuses an unknown grant type', async () => {
    await expect(createIn('x', '--grant', 'implicit')).rejects.toThrow(
      'unknown grant type: implicit',
    );
  });

  it('refuses a grant type given twice, and a redirect URI not in normalised form', async () => {
    await expect(createIn('x', '--grant', 'password', '--grant', 'password')).rejects.toThrow(
      'grant type password is listed more than once',
    );
    await expect(createIn('x', '--redirect-uri', 'http://0x7f.1/cb')).rejects.toThrow(
      'redirect URI must be written in its normalised form, http://127.0.0.1/cb: http://0x7f.1/cb',
    );
  });

  it('reports a missing option as a usage error', async () => {
    expect(await usageError('clients', 'create', '--org', orgId)).toEqual({
      code: 'commander.missingMandatoryOptionValue',
      message: "error: required option '--name <name>' not specified",
      printed: [],
    });
  });
});
