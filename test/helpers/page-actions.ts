import type { Page, Response } from 'playwright-core';

/**
 * What a person does on the browser pages, in Chromium (the browser tests and
 * scripts/screenshots.ts alike).
 */

/**
 * Presses the button `name` of the page's form and waits until the answer, after any
 * redirect, has loaded; returns the answer to the POST itself.
 */
export async function press(page: Page, name: string): Promise<Response> {
  const [posted] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.getByRole('button', { name }).click(),
  ]);
  return posted;
}

/** Types `email` and `password` into the sign-in form on the page and sends it. */
export async function signIn(
  page: Page,
  { email, password }: { email: string; password: string },
): Promise<Response> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  return press(page, 'Sign in');
}
