import { describe, expect, it } from 'vitest';
import { readParameters } from '../../src/authorize/parameters.js';
import {
  asksForNothingShown,
  mustSignInAgain,
  returnAfterSignIn,
} from '../../src/authorize/sign-in.js';

const session = { id: 's', session: { userId: 'u', authTime: 1000, lastSeenAt: 1000 } };

describe('whether the person signs in again', () => {
  it.each([
    ['signed in', {}, session, 5000, false],
    ['prompt=login', { prompt: ['login'] }, session, 1000, true],
    ['prompt=consent', { prompt: ['consent'] }, session, 1000, false],
    ['max_age met to the second', { maxAge: 60 }, session, 1060, false],
    ['max_age passed by a second', { maxAge: 60 }, session, 1061, true],
    ['max_age=0, the second of sign-in', { maxAge: 0 }, session, 1000, false],
  ] as const)('%s', (_what, asked, current, now, must) => {
    const request = {
      prompt: new Set('prompt' in asked ? asked.prompt : []),
      maxAge: 'maxAge' in asked ? asked.maxAge : undefined,
    };
    expect(mustSignInAgain(request, current, now)).toBe(must);
  });
});

describe('the way back after sign-in', () => {
  it.each([
    [{ client_id: 'a', prompt: 'login' }, '/oauth/authorize?client_id=a'],
    [{ client_id: 'a', prompt: 'login consent' }, '/oauth/authorize?client_id=a&prompt=consent'],
    [{ client_id: 'a', prompt: 'consent login' }, '/oauth/authorize?client_id=a&prompt=consent'],
    [{ client_id: 'a', max_age: '0', state: 'x' }, '/oauth/authorize?client_id=a&state=x'],
    [{ client_id: 'a', org_id: 'org_1' }, '/oauth/authorize?client_id=a&org_id=org_1'],
    // Not valid: the request as it was, to fail on them once the person is signed in.
    [{ client_id: 'a', prompt: 'none login' }, '/oauth/authorize?client_id=a&prompt=none+login'],
    [{ client_id: 'a', prompt: 'login x' }, '/oauth/authorize?client_id=a&prompt=login+x'],
    [
      { client_id: 'a', prompt: 'login', max_age: 'ten' },
      '/oauth/authorize?client_id=a&prompt=login&max_age=ten',
    ],
  ])('for %j is %s', (params, back) => {
    expect(returnAfterSignIn(params)).toBe(back);
  });

  it('keeps the refused parameters sent, after those it acts on', () => {
    const read = new Map([
      ['registration', '{}'],
      ['request', 'eyJ.e30.'],
      ['x', 'y'],
    ]);
    expect(returnAfterSignIn({ client_id: 'a', prompt: 'login' }, read)).toBe(
      '/oauth/authorize?client_id=a&request=eyJ.e30.&registration=%7B%7D',
    );
  });
});

describe('silent authentication', () => {
  it.each([
    [undefined, false],
    ['none', true],
    ['none none', true],
    ['none login', false],
    ['login', false],
    ['consent', false],
    ['nonE', false],
  ])('prompt=%s is %s', (prompt, silent) => {
    expect(asksForNothingShown(prompt === undefined ? {} : { prompt })).toBe(silent);
  });
});

describe('reading the parameters of a request', () => {
  it('takes each once, drops empty ones, and keeps unknown ones', () => {
    expect(readParameters({ client_id: 'a', scope: '', x: 'y' })).toEqual(
      new Map([
        ['client_id', 'a'],
        ['x', 'y'],
      ]),
    );
  });

  it('refuses a parameter sent twice, with a page', () => {
    expect(() => readParameters({ state: ['a', 'b'] })).toThrow(
      expect.objectContaining({
        outcome: 'invalid_input',
        message: 'The request is not valid: the state parameter is sent more than once.',
      }),
    );
  });
});
