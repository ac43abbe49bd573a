import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/headless-chromium.js';
import { signIn } from '../test/helpers/page-actions.js';
import { startSandboxServer } from '../test/helpers/sandbox-server.js';
import { sharedStore } from '../test/helpers/shared-store.js';
import { sqlite } from '../test/helpers/targets.js';

/**
 * The screenshots of the browser pages in docs/images/ (`npm run screenshots`): each taken
 * in headless Chromium, in a browser of its own (no cookies), from the sandbox server as
 * `npm start` runs it, on a fresh store with the fixtures of docs/sandbox.md.
 */

/** One screenshot: the PNG it writes, and what a person does to reach the page. */
interface Shot {
  file: string;
  /** `at(path)` is the URL of `path` on the server. */
  steps: (page: Page, at: (path: string) => string) => Promise<void>;
}

type Steps = Shot['steps'];

/** The sandbox's admin of Demo Repairer and Demo Supplier (docs/sandbox.md). */
const admin = { email: 'admin@partly.example', password: 'demo-partly-pass' };

/** Opens `path`. */
const visit =
  (path: string): Steps =>
  async (page, at) => {
    await page.goto(at(path));
  };

/**
 * Signs in as `person` (the admin unless told) at `/signin?return_to=<path>`, and so is sent
 * on to `path`, as a person is (or, refused, stays at the form).
 */
const signedIn =
  (path: string, person = admin): Steps =>
  async (page, at) => {
    await page.goto(at(`/signin?${new URLSearchParams({ return_to: path })}`));
    await signIn(page, person);
  };

/** An authorization request of `clientId` to `redirectUri`, as docs/authorization-endpoint.md makes it. */
const authorize = (clientId: string, redirectUri: string, more: Record<string, string> = {}) =>
  `/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    state: 'docs',
    ...more,
  })}`;

/** The demo SPA asking for OpenID Connect, with RFC 7636 Appendix B's PKCE challenge. */
const spaRequest = authorize('gatehouse_demo_spa', 'http://127.0.0.1:5173/callback', {
  scope: 'openid profile email',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
});

// THE SHOTS: one line each, the file to write and the steps that reach the page.
const shots: Shot[] = [
  { file: 'signin.png', steps: visit('/signin') },
  {
    file: 'signin-refused.png',
    steps: signedIn('/account', { ...admin, password: 'not-the-password' }),
  },
  { file: 'account.png', steps: signedIn('/account') },
  // A person in one org: the consent page alone.
  {
    file: 'consent.png',
    steps: signedIn(spaRequest, { email: 'viewer@partium.example', password: 'demo-viewer-pass' }),
  },
  // A person in two orgs: the consent page asks which one the app acts in.
  {
    file: 'org-choice.png',
    steps: signedIn(spaRequest, { email: 'dev@partium.example', password: 'demo-dev-pass' }),
  },
  // The install consent: an admin chooses the org to install the integration into.
  {
    file: 'install-consent.png',
    steps: signedIn(authorize('partly_client_demo', 'http://127.0.0.1:5174/install/callback')),
  },
];

/** A modest, fixed window, so that the images stay small and the same from run to run. */
const window = { viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 };
const images = fileURLToPath(new URL('../docs/images/', import.meta.url));

async function takeScreenshots(): Promise<void> {
  mkdirSync(images, { recursive: true });
  const store = await sharedStore(sqlite);
  const server = await startSandboxServer(store);
  const browser = await launchChromium();
  try {
    for (const shot of shots) {
      const context = await browser.newContext({ ...window, colorScheme: 'light' });
      const page = await context.newPage();
      await shot.steps(page, (path) => `${server.url}${path}`);
      // Everything the page loads (stylesheet, icon) has arrived.
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${images}${shot.file}`, fullPage: true });
      await context.close();
      console.log(`docs/images/${shot.file}`);
    }
  } finally {
    await browser.close();
    await server.close();
    await store.drop();
  }
}

await takeScreenshots();
