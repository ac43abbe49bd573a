import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from '../helpers/chromium.js';
import { press, signIn } from '../helpers/page-actions.js';
import { useRunningServer } from '../helpers/server.js';
import { storeTargets } from '../helpers/targets.js';
import { pageHeaders } from '../sessions/browser.js';

const admin = { email: 'admin@partly.example', password: 'demo-partly-pass' };
const htmlPageHeaders = { ...pageHeaders, 'content-type': 'text/html; charset=utf-8' };

/** The sign-in card as a person reads it (the inputs are empty boxes). */
const signInCard = 'Gatehouse\n\nSign in\nEmail address\nPassword\n Sign in';

/**
 * What the page shows, once everything it loads (stylesheet, icon) has arrived: its title,
 * the card's text, and the card's corner radius, which is the stylesheet's 12px only if the
 * CSP let the stylesheet load and apply.
 */
async function shown(page: Page) {
  await page.waitForLoadState('networkidle');
  const main = page.locator('main');
  return {
    title: await page.title(),
    text: await main.innerText(),
    // An expression run in the page, as text: the project's TypeScript knows no DOM.
    corners: await page.evaluate<string>(
      "getComputedStyle(document.querySelector('main')).borderTopLeftRadius",
    ),
  };
}

/** The redirect that led to `answer`: its status, Location and headers. */
async function redirectBefore(answer: Response | null) {
  const redirect = await answer?.request().redirectedFrom()?.response();
  const headers = redirect?.headers();
  return { status: redirect?.status(), location: headers?.location, headers };
}

// One Chromium for the file; each test has a browser context (cookies) of its own.
const chromium = useChromium();

// The sign-in pages as a person uses them, in headless Chromium against the running server.
describe.each(storeTargets)('signing in with Chromium ($name)', (target) => {
  const server = useRunningServer({}, target);
  const url = (path: string) => `${server().url}${path}`;

  /** The browser's cookies, by name. */
  const cookies = async () =>
    new Map((await chromium().context.cookies()).map((cookie) => [cookie.name, cookie.value]));
  const cookieNames = async () => [...(await cookies()).keys()].sort();

  /** How many sessions the store holds (ended or not). */
  const sessionRows = async () =>
    (await server().services.db.selectFrom('sessions').select('id_hash').execute()).length;

  it('GET /account: 303 to /signin?return_to=%2Faccount, and the sign-in form, styled', async () => {
    const { page, errors } = chromium();
    const answer = await page.goto(url('/account'));
    expect(await redirectBefore(answer)).toEqual({
      status: 303,
      location: '/signin?return_to=%2Faccount',
      headers: expect.objectContaining(pageHeaders),
    });
    expect(page.url()).toBe(url('/signin?return_to=%2Faccount'));
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()).toMatchObject(htmlPageHeaders);
    expect(await shown(page)).toEqual({
      title: 'Sign in · Gatehouse',
      text: signInCard,
      corners: '12px',
    });
    expect(await cookieNames()).toEqual(['gatehouse_signin']);
    expect(errors).toEqual([]);
  });

  it('POST /signin with a wrong password: 400, the form again with the refusal, no session', async () => {
    const { page, errors } = chromium();
    await page.goto(url('/account'));
    const sessions = await sessionRows();
    const answer = await signIn(page, { ...admin, password: 'not-the-password' });
    expect(answer.status()).toBe(400);
    expect(answer.headers()).toMatchObject(htmlPageHeaders);
    expect(page.url()).toBe(url('/signin'));
    expect(await shown(page)).toEqual({
      title: 'Sign in · Gatehouse',
      text:
        'Gatehouse\n\nSign in\n\nThe email address or password is incorrect.\n\n' +
        'Email address\nPassword\n Sign in',
      corners: '12px',
    });
    // The address is kept for another try; the password is not.
    expect(await page.getByLabel('Email address').inputValue()).toBe(admin.email);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await cookieNames()).toEqual(['gatehouse_signin']);
    expect(await sessionRows()).toBe(sessions);
    // The one console error is the browser's note of the page's own status.
    expect(errors).toEqual([
      `Failed to load resource: the server responded with a status of 400 (Bad Request) @ ${url('/signin')}`,
    ]);
  });

  it('POST /signin as admin@partly.example: 303 back to /account, which lists both orgs as admin', async () => {
    const { page, errors } = chromium();
    await page.goto(url('/account'));
    const posted = await signIn(page, admin);
    expect(posted.status()).toBe(303);
    expect(posted.headers()).toMatchObject({ ...pageHeaders, location: '/account' });
    expect(page.url()).toBe(url('/account'));
    const answer = await posted.request().redirectedTo()?.response();
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()).toMatchObject(htmlPageHeaders);
    expect(await shown(page)).toEqual({
      title: 'Your account · Gatehouse',
      text:
        'Gatehouse\n\nYour account\nName\nadmin@partly.example\nEmail\nadmin@partly.example\n' +
        'Organizations\nOrganization\tRole\nDemo Repairer\tadmin\nDemo Supplier\tadmin\n' +
        'Applications you allowed\n\nYou have not allowed any application.\n\nSign out',
      corners: '12px',
    });
    expect(await cookieNames()).toEqual(['gatehouse_session', 'gatehouse_signin']);
    expect(errors).toEqual([]);
  });

  it('POST /logout: 303 to /signin, the session ended, and /account asks to sign in again', async () => {
    const { page, errors } = chromium();
    await page.goto(url('/signin'));
    expect((await signIn(page, admin)).status()).toBe(303);
    const id = (await cookies()).get('gatehouse_session') ?? '';
    const { sessions } = server().services;
    expect(await sessions.find(id)).toMatchObject({ userId: 'usr_partly_admin' });
    const posted = await press(page, 'Sign out');
    expect(posted.status()).toBe(303);
    expect(posted.headers()).toMatchObject({ ...pageHeaders, location: '/signin' });
    expect(page.url()).toBe(url('/signin'));
    expect(await shown(page)).toEqual({
      title: 'Sign in · Gatehouse',
      text: signInCard,
      corners: '12px',
    });
    expect(await cookieNames()).toEqual(['gatehouse_signin']);
    expect(await sessions.find(id)).toBeUndefined();
    const again = await page.goto(url('/account'));
    expect(await redirectBefore(again)).toMatchObject({
      status: 303,
      location: '/signin?return_to=%2Faccount',
    });
    expect(errors).toEqual([]);
  });
});
