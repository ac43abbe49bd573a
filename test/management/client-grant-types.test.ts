import { describe, expect, it } from 'vitest';
import { grants } from '../../src/oauth/grants/index.js';
import { useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { call, freshOrg, iso, people, signIn, tokenExchange } from './support.js';

/** Every grant the token endpoint serves, and whether a public client may be given it. */
const served: Array<[string, boolean]> = [
  ['authorization_code', true],
  ['client_credentials', false],
  ['password', false],
  ['refresh_token', true],
  [tokenExchange, false],
];

// The grant types a client is registered with are the token endpoint's own (oauth/grants/).
describe.each(storeTargets)('/v1 clients: the grant types of the registry ($name)', (target) => {
  const ctx = useTestApp(target);

  async function register(body: object) {
    const { app, services } = ctx();
    const orgId = await freshOrg(services, people.admin.id, 'admin');
    const token = await signIn(app, people.admin);
    return { orgId, res: await call(app, 'POST', `/v1/orgs/${orgId}/clients`, token, body) };
  }

  it('lists every grant the token endpoint serves, and only those', () => {
    expect(served.map(([grantType]) => grantType)).toEqual(grants.map((g) => g.grantType));
  });

  /** A grant whose codes go to a redirect URI needs one (RFC 6749 §3.1.2); the others none. */
  const redirectUris = (grantType: string) =>
    grantType === 'authorization_code' ? ['https://app.example/cb'] : [];

  /** What POST answers for a client of `type` registered with `grantType` alone. */
  const created = (orgId: string, type: string, grantType: string) => ({
    client_id: expect.stringMatching(/^ghc_[0-9A-Za-z]{20}$/),
    org_id: orgId,
    name: 'c',
    type,
    grant_types: [grantType],
    scopes: [],
    redirect_uris: redirectUris(grantType),
    access_token_ttl: null,
    platform: false,
    pkce_required: true,
    install: false,
    created_at: iso(ctx().clock.now()),
    revoked_at: null,
  });

  it.each(served)('registers a confidential client with %s', async (grantType) => {
    const { orgId, res } = await register({
      name: 'c',
      grant_types: [grantType],
      redirect_uris: redirectUris(grantType),
    });
    expect(res).toEqual({
      status: 201,
      body: {
        ...created(orgId, 'confidential', grantType),
        client_secret: expect.stringMatching(/^ghcs_[0-9A-Za-z]{40}$/),
      },
    });
  });

  it.each(served)(
    'registers a public client with %s only if public clients may use it (%s)',
    async (grantType, publicClients) => {
      const { orgId, res } = await register({
        name: 'c',
        type: 'public',
        grant_types: [grantType],
        redirect_uris: redirectUris(grantType),
      });
      expect(res).toEqual(
        publicClients
          ? { status: 201, body: created(orgId, 'public', grantType) }
          : {
              status: 400,
              body: {
                type: 'invalid_request',
                message: `a public client cannot use the ${grantType} grant`,
              },
            },
      );
    },
  );

  it.each(['confidential', 'public'])(
    'refuses a %s client with authorization_code and no redirect URI',
    async (type) => {
      const { orgId, res } = await register({
        name: 'c',
        type,
        grant_types: ['authorization_code', 'refresh_token'],
      });
      expect(res).toEqual({
        status: 400,
        body: {
          type: 'invalid_request',
          message: 'the authorization_code grant needs a redirect URI',
        },
      });
      expect(await ctx().services.clients.list(orgId)).toEqual([]);
    },
  );

  it('gives a confidential client client_credentials by default, and a public one nothing', async () => {
    const confidential = await register({ name: 'c' });
    expect(confidential.res).toEqual({
      status: 201,
      body: {
        ...created(confidential.orgId, 'confidential', 'client_credentials'),
        client_secret: expect.stringMatching(/^ghcs_[0-9A-Za-z]{40}$/),
      },
    });
    const open = await register({ name: 'c', type: 'public' });
    expect(open.res).toEqual({
      status: 400,
      body: {
        type: 'invalid_request',
        message: 'a public client needs its grant types named: none is given by default',
      },
    });
  });
});
