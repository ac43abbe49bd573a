import { beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../helpers/targets.js';
import {
  browser,
  csrfOf,
  expectPageHeaders,
  formOf,
  setCookies,
  type Browser,
} from '../sessions/browser.js';
import {
  authorizeUrl,
  challenge,
  dev,
  errorLocation,
  partsRequest,
  signedInBrowser,
  testClients,
  useAuthorizeApp,
} from './support.js';

const installCallback = 'http://127.0.0.1:5174/install/callback';
const machineCallback = 'https://machine.example/cb';

const withoutField = (name: string, more: Record<string, string> = {}) => {
  const params = partsRequest(more);
  delete params[name];
  return params;
};
const withoutPkce = () => {
  const params = withoutField('code_challenge');
  delete params.code_challenge_method;
  return params;
};

const invalid = (description: string) => ['invalid_request', description] as const;
const pkce = {
  method: invalid('code_challenge_method must be S256'),
  shape: invalid('code_challenge must be 43 base64url characters (an S256 digest)'),
};

/**
 * Requests whose client and redirect URI are right, but not the rest: once a person is
 * signed in, the error goes back to the client (RFC 6749 §4.1.2.1), with the state and the
 * issuer (RFC 9207).
 */
type Case = [
  what: string,
  params: Record<string, string>,
  error: readonly [string, string],
  to?: string,
];

const cases: Case[] = [
  ['no response_type', withoutField('response_type'), invalid('response_type is required')],
  [
    'response_type=token',
    partsRequest({ response_type: 'token' }),
    ['unsupported_response_type', 'response_type must be code'],
  ],
  [
    'response_type=code id_token',
    partsRequest({ response_type: 'code id_token' }),
    ['unsupported_response_type', 'response_type must be code'],
  ],
  [
    'response_mode=fragment',
    partsRequest({ response_mode: 'fragment' }),
    invalid('response_mode must be query'),
  ],
  [
    'response_mode=form_post',
    partsRequest({ response_mode: 'form_post' }),
    invalid('response_mode must be query'),
  ],
  [
    'a client not registered for the flow',
    partsRequest({ client_id: testClients.noFlow.id, redirect_uri: machineCallback }),
    ['unauthorized_client', 'this client is not registered for the authorization code flow'],
    machineCallback,
  ],
  ['code_challenge_method=plain', partsRequest({ code_challenge_method: 'plain' }), pkce.method],
  ['a challenge without its method', withoutField('code_challenge_method'), pkce.method],
  ['code_challenge_method=s256', partsRequest({ code_challenge_method: 's256' }), pkce.method],
  [
    'no challenge from a client that must use PKCE',
    withoutPkce(),
    invalid('code_challenge is required: this client must use PKCE with S256 (RFC 7636)'),
  ],
  [
    'a method without a challenge',
    withoutField('code_challenge'),
    invalid('code_challenge_method was sent without code_challenge'),
  ],
  [
    'a challenge of 42 characters',
    partsRequest({ code_challenge: challenge.slice(1) }),
    pkce.shape,
  ],
  ['a challenge of 44 characters', partsRequest({ code_challenge: `${challenge}A` }), pkce.shape],
  [
    'a challenge with padding',
    partsRequest({ code_challenge: `${challenge.slice(1)}=` }),
    pkce.shape,
  ],
  [
    'a challenge in base64, not base64url',
    partsRequest({ code_challenge: challenge.replace('-', '+') }),
    pkce.shape,
  ],
  [
    'a scope the client is not registered with',
    partsRequest({ scope: 'openid admin' }),
    ['invalid_scope', 'scope not allowed: admin'],
  ],
  [
    'a scope that is no scope token',
    partsRequest({ scope: 'openid "quoted"' }),
    ['invalid_scope', 'scope must be scope tokens separated by spaces'],
  ],
  [
    'a scope from an install client',
    {
      response_type: 'code',
      client_id: 'partly_client_demo',
      redirect_uri: installCallback,
      scope: 'openid',
      state: 'st-123',
    },
    ['invalid_scope', 'an install request carries no scope'],
    installCallback,
  ],
  [
    'a request object',
    partsRequest({ request: 'eyJhbGciOiJub25lIn0.e30.' }),
    ['request_not_supported', 'request objects are not supported'],
  ],
  [
    'a request_uri',
    partsRequest({ request_uri: 'urn:ietf:params:oauth:request_uri:x' }),
    ['request_uri_not_supported', 'request_uri is not supported'],
  ],
  [
    'a registration',
    partsRequest({ registration: '{}' }),
    ['registration_not_supported', 'registration is not supported'],
  ],
  [
    'prompt=select_account',
    partsRequest({ prompt: 'select_account' }),
    invalid('prompt may hold only none, login and consent'),
  ],
  [
    'prompt=none login',
    partsRequest({ prompt: 'none login' }),
    invalid('prompt=none cannot be combined with another value'),
  ],
  [
    'prompt=consent none',
    partsRequest({ prompt: 'consent none' }),
    invalid('prompt=none cannot be combined with another value'),
  ],
  ...['-1', '1.5', '1e3', 'ten', ' 60', '99999999999999999999'].map((maxAge): Case => [
    `max_age=${maxAge}`,
    partsRequest({ max_age: maxAge }),
    invalid('max_age must be a non-negative integer of seconds'),
  ]),
  [
    'a request longer than the way back from sign-in',
    partsRequest({ nonce: 'n'.repeat(2000) }),
    invalid('the authorization request is longer than 2048 characters'),
  ],
  [
    'response_type=token with a plain challenge: the first failure is told',
    partsRequest({ response_type: 'token', code_challenge_method: 'plain' }),
    ['unsupported_response_type', 'response_type must be code'],
  ],
];

/** The sign-in page, coming back to `back`. */
const signInLocation = (back: string) => `/signin?return_to=${encodeURIComponent(back)}`;

/**
 * Broken requests from a browser nobody is signed in at: to the sign-in page, never to the
 * client (RFC 9700 §4.11.2), and back to the request as it was, to fail on it once signed in.
 */
const sentToSignIn = new Set([
  'response_type=token',
  'a scope the client is not registered with',
  'code_challenge_method=plain',
  'no challenge from a client that must use PKCE',
  'prompt=select_account',
  'prompt=none login',
  'a request object',
]);
const unauthenticated: Case[] = [
  ...cases.filter(([what]) => sentToSignIn.has(what)),
  [
    'max_age=ten with prompt=login',
    partsRequest({ prompt: 'login', max_age: 'ten' }),
    invalid('max_age must be a non-negative integer of seconds'),
  ],
];

describe.each(storeTargets)('errors sent back to the client ($name)', (target) => {
  const ctx = useAuthorizeApp(target);
  let signedIn: Browser;
  beforeAll(async () => {
    signedIn = await signedInBrowser(ctx());
  });

  it.each(cases)('redirects %s with its error', async (_what, params, [error, text], to) => {
    const res = await signedIn.get(authorizeUrl(params));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(errorLocation(error, text, { redirectUri: to }));
    expectPageHeaders(res, false);
    expect(setCookies(res)).toEqual([]);
    expect(res.body).toBe('');
  });

  it('sends no state back when none was sent', async () => {
    const params = withoutField('state', { response_type: 'token' });
    const res = await signedIn.get(authorizeUrl(params));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      errorLocation('unsupported_response_type', 'response_type must be code', { state: '' }),
    );
  });

  it("keeps the redirect URI's own query, and a native app's scheme", async () => {
    const error = ['unsupported_response_type', 'response_type must be code'] as const;
    for (const uri of ['https://app.example/cb?from=gatehouse', 'com.example.parts:/callback']) {
      const params = partsRequest({ response_type: 'token', redirect_uri: uri });
      const res = await signedIn.get(authorizeUrl(params));
      expect(res.statusCode).toBe(303);
      const query = new URLSearchParams({
        error: error[0],
        error_description: error[1],
        state: 'st-123',
        iss: 'http://gatehouse.test',
      });
      expect(res.headers.location).toBe(`${uri}${uri.includes('?') ? '&' : '?'}${query}`);
    }
  });

  it('issues nothing on an error', async () => {
    const res = await signedIn.get(authorizeUrl(partsRequest({ code_challenge_method: 'plain' })));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(errorLocation(...pkce.method));
    expect(await ctx().services.db.selectFrom('authorization_codes').selectAll().execute()).toEqual(
      [],
    );
  });

  it('takes response_mode=query, and a confidential client without PKCE', async () => {
    const requests = [
      partsRequest({ response_mode: 'query' }),
      {
        response_type: 'code',
        client_id: testClients.confidential.id,
        redirect_uri: 'https://server.example/cb',
      },
    ];
    for (const params of requests) {
      const res = await signedIn.get(authorizeUrl(params));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<form method="post" action="/oauth/authorize">');
    }
  });
});

describe.each(storeTargets)('errors while nobody is signed in ($name)', (target) => {
  const ctx = useAuthorizeApp(target);

  it.each(unauthenticated)('sends %s to sign in first', async (_what, params, [error, text]) => {
    const b = browser(ctx().app);
    const res = await b.get(authorizeUrl(params));
    // The way back leaves out prompt=login only when the request's prompt and max_age are
    // valid: here they are not, or there is none.
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(signInLocation(authorizeUrl(params)));
    expectPageHeaders(res, false);
    expect(setCookies(res)).toEqual([]);
    expect(res.body).toBe('');
    // Once signed in, the way back fails on it, to the client.
    const back = await b.signIn(dev.email, dev.password, authorizeUrl(params));
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(authorizeUrl(params));
    const answer = await b.follow(back);
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe(errorLocation(error, text));
  });

  it('leaves out a valid prompt=login on the way back from a broken request', async () => {
    const res = await browser(ctx().app).get(
      authorizeUrl(partsRequest({ scope: 'openid admin', prompt: 'login' })),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      signInLocation(authorizeUrl(partsRequest({ scope: 'openid admin' }))),
    );
  });

  it('tells a silent request login_required, whatever else is wrong with it', async () => {
    const broken: Record<string, string>[] = [
      {},
      { response_type: 'token' },
      { code_challenge_method: 'plain' },
    ];
    for (const more of broken) {
      const params = partsRequest({ ...more, prompt: 'none' });
      const res = await browser(ctx().app).get(authorizeUrl(params));
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(errorLocation('login_required', 'the person must sign in'));
      expect(res.body).toBe('');
    }
  });

  it('sends a request too long for the way back to sign in, which does not come back', async () => {
    const params = partsRequest({ nonce: 'n'.repeat(2000) });
    const b = browser(ctx().app);
    const res = await b.get(authorizeUrl(params));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(signInLocation(authorizeUrl(params)));
    // The sign-in page ignores a return_to longer than 2048 characters.
    const page = await b.follow(res);
    expect(page.statusCode).toBe(200);
    expect(formOf(page, '/signin')).toEqual({ csrf_token: csrfOf(page) });
  });
});
