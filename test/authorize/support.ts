import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect } from 'vitest';
import type { CreateClientInput } from '../../src/clients/service.js';
import { createSecretHasher } from '../../src/lib/hash.js';
import type { Services } from '../../src/services.js';
import { resolveHashKey } from '../../src/store/settings.js';
import { testIssuer, useTestApp, type TestApp } from '../helpers/app.js';
import type { StoreTarget } from '../helpers/targets.js';
import { browser, csrfOf, formOf, type Browser } from '../sessions/browser.js';

export const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
export const viewer = { email: 'viewer@partium.example', password: 'demo-viewer-pass' };
export const partlyAdmin = { email: 'admin@partly.example', password: 'demo-partly-pass' };
/** The issuer every redirect names, URL-encoded as the query carries it (RFC 9207). */
export const iss = encodeURIComponent(testIssuer);
// RFC 7636 Appendix B.
export const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
export const callback = 'http://127.0.0.1:5173/callback';
export const codeShape = /^gha_[0-9A-Za-z]{43}$/;

/** The clients of these suites (beside the sandbox's `partly_client_demo`). */
export const testClients = {
  /** Demo Parts Co's own app: a public client of the code flow, PKCE required. */
  parts: {
    id: 'parts_app',
    orgId: 'org_demo_parts',
    name: 'Parts Catalogue',
    type: 'public',
    grantTypes: ['authorization_code'],
    scopes: ['openid', 'profile', 'email', 'parts:read'],
    redirectUris: [
      callback,
      'https://app.example/cb?from=gatehouse',
      'com.example.parts:/callback',
    ],
  },
  /** A platform app: it acts in any org of the person (so the person chooses). */
  platform: {
    id: 'platform_app',
    orgId: 'org_gatehouse_demo',
    name: 'Platform App',
    type: 'public',
    platform: true,
    grantTypes: ['authorization_code'],
    scopes: ['openid', 'email'],
    redirectUris: ['https://platform.example/cb', 'http://[::1]:8400/cb'],
  },
  /** A confidential app registered without PKCE required. */
  confidential: {
    id: 'server_app',
    orgId: 'org_demo_parts',
    name: 'Server App',
    type: 'confidential',
    pkceRequired: false,
    grantTypes: ['authorization_code'],
    scopes: ['openid'],
    redirectUris: ['https://server.example/cb'],
  },
  /** A client with a redirect URI but not of the code flow. */
  noFlow: {
    id: 'no_flow_app',
    orgId: 'org_demo_parts',
    name: 'Machine App',
    type: 'confidential',
    grantTypes: ['client_credentials'],
    redirectUris: ['https://machine.example/cb'],
  },
} satisfies Record<string, CreateClientInput & { id: string }>;

/** Registers `input` as the operator would: the server's own clients service. */
export function registerClient(services: Services, input: CreateClientInput) {
  return services.clients.create(input);
}

/** The sandbox server with the test clients registered. */
export function useAuthorizeApp(target: StoreTarget): () => TestApp {
  const ctx = useTestApp(target);
  beforeAll(async () => {
    for (const client of Object.values(testClients)) await registerClient(ctx().services, client);
  });
  return ctx;
}

/** `/oauth/authorize?` with `params` in the query, in their order. */
export function authorizeUrl(params: Record<string, string>): string {
  return `/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

/** A request of the Parts Catalogue app with PKCE, a state and a nonce, and `more`. */
export function partsRequest(more: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: testClients.parts.id,
    redirect_uri: callback,
    scope: 'openid profile',
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    nonce: 'n-0S6_WzA2Mj',
    ...more,
  };
}

/** A browser signed in as `person`. */
export async function signedInBrowser(ctx: TestApp, person = dev): Promise<Browser> {
  const b = browser(ctx.app);
  expect((await b.signIn(person.email, person.password)).statusCode).toBe(303);
  return b;
}

/** Posts the consent page's form as shown, with `decision` and the `changes` made to it. */
export function decide(
  b: Browser,
  page: LightMyRequestResponse,
  decision: 'allow' | 'deny',
  changes: Record<string, string> = {},
) {
  expect(page.statusCode).toBe(200);
  return b.post('/oauth/authorize', { ...formOf(page, '/oauth/authorize'), decision, ...changes });
}

/** The code a redirect to `redirectUri` carries, after checking the whole Location. */
export function codeOf(res: LightMyRequestResponse, redirectUri = callback, state = 'st-123') {
  expect(res.statusCode).toBe(303);
  const location = String(res.headers.location);
  const code = new URL(location).searchParams.get('code') ?? '';
  const separator = redirectUri.includes('?') ? '&' : '?';
  const stateField = state === '' ? '' : `&state=${encodeURIComponent(state)}`;
  expect(location).toBe(`${redirectUri}${separator}code=${code}${stateField}&iss=${iss}`);
  return code;
}

/** The Location of an error sent back to `redirectUri` (RFC 6749 §4.1.2.1, RFC 9207). */
export function errorLocation(
  error: string,
  description: string,
  { redirectUri = callback, state = 'st-123' }: { redirectUri?: string; state?: string } = {},
): string {
  const query = new URLSearchParams({ error, error_description: description });
  if (state !== '') query.set('state', state);
  query.set('iss', testIssuer);
  return `${redirectUri}?${query.toString()}`;
}

/** The keyed hash the store keeps of a code, as the server's hasher makes it. */
async function hashOf(ctx: TestApp, code: string): Promise<string> {
  const { db, config } = ctx.services;
  return createSecretHasher(await resolveHashKey(db, config.hashKey)).hash(code);
}

/** The stored row of authorization code `code`. */
export async function codeRow(ctx: TestApp, code: string) {
  const codeHash = await hashOf(ctx, code);
  const { db } = ctx.services;
  return db
    .selectFrom('authorization_codes')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
}

/** The stored row of an install's access code `code`. */
export async function accessCodeRow(ctx: TestApp, code: string) {
  const codeHash = await hashOf(ctx, code);
  const { db } = ctx.services;
  return db
    .selectFrom('access_codes')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
}

/** The consent page's "Signed in as" block, with its sign-out form, as the page writes it. */
export function signedInAs(email: string, csrfToken: string, returnTo: string): string {
  return `<div class="person">
<p>Signed in as <strong>${email}</strong></p>
<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="${csrfToken}">
<input type="hidden" name="return_to" value="${returnTo.replace(/&/g, '&amp;')}">
<button type="submit" class="link">Not you? Sign out</button>
</form>
</div>`;
}

/** The consent page's Deny and Allow buttons. */
export const decisionButtons = `<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>`;

/** A request of the platform app, which acts in any org of the person, with `more`. */
export function platformRequest(more: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: testClients.platform.id,
    redirect_uri: 'https://platform.example/cb',
    scope: 'openid email',
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...more,
  };
}

export { csrfOf };
