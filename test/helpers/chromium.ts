import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { chromiumMissing, launchChromium } from './headless-chromium.js';

/** A test's page, in a browser context of its own, and the errors its console reported. */
export interface ChromiumPage {
  page: Page;
  context: BrowserContext;
  /**
   * Console errors (a resource the CSP blocked, a failed load), each with ` @ ` and the URL
   * it names, and uncaught exceptions.
   */
  errors: string[];
}

/**
 * Headless Chromium for the tests of one file: started once before them and closed after
 * them, with a new context (no cookies, no storage) and page for each test. Where Chromium
 * is missing, the tests are skipped with the reason; in CI (`CI=true`) they fail instead,
 * since CI installs it (.ci/run) and a browser test that did not run must not pass.
 */
export function useChromium(): () => ChromiumPage {
  const missing = chromiumMissing();
  const required = process.env.CI === 'true';
  let browser: Browser | undefined;
  let current: ChromiumPage | undefined;

  beforeAll(async () => {
    if (missing === undefined) browser = await launchChromium();
    else if (required) throw new Error(`${missing}; with CI=true the browser tests must run`);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async (test) => {
    if (browser === undefined) {
      test.skip(missing);
      return;
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} @ ${message.location().url}`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    current = { page, context, errors };
  });
  afterEach(async () => {
    await current?.context.close();
    current = undefined;
  });

  return () => {
    if (current === undefined) throw new Error('Chromium is not running');
    return current;
  };
}
