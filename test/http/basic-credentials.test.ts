import { beforeAll, describe, expect, it } from 'vitest';
import { form, partner, useTestApp } from '../helpers/app.js';
import { storeTargets } from '../helpers/targets.js';
import { expectJson, oauthError } from '../helpers/replies.js';
import { parseBasicCredentials } from '../../src/http/basic-credentials.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The same bytes, with a pad bit set in the last character (RFC 4648 §3.5: non-canonical). */
const padBitSet = (token: string) =>
  token.replace(/(.)(=+)$/, (_, last: string, pad: string) => {
    return `${alphabet[alphabet.indexOf(last) + 1] ?? ''}${pad}`;
  });

/**
 * Ways to get RFC 7617 wrong, each around a token that is right: `padded` needs padding
 * (its text is not a multiple of 3 bytes long), `unpadded` does not.
 */
function malformed(padded: string, unpadded: string): [string, string][] {
  const t = b64(unpadded);
  const p = b64(padded);
  return [
    ['bytes after the token', `Basic ${t}!!!`],
    ['garbage after the token', `Basic ${t}!!!garbage`],
    ['a second word after the token', `Basic ${t} garbage`],
    ['padding where none is due', `Basic ${t}=`],
    ['missing padding', `Basic ${p.replace(/=+$/, '')}`],
    ['too much padding', `Basic ${p}=`],
    ['a pad bit set', `Basic ${padBitSet(p)}`],
    ['a character outside base64', `Basic ${t.slice(0, 8)}*${t.slice(8)}`],
    ['base64url characters', `Basic ${t.slice(0, 8)}-_${t.slice(8, -2)}`],
    ['no colon', `Basic ${b64(unpadded.replace(':', ''))}`],
    ['text that is not UTF-8', `Basic ${b64(Buffer.from([0x61, 0x3a, 0xff, 0xfe, 0x61, 0x62]))}`],
    ['a control character', `Basic ${b64(unpadded.replace(':', ':\u0007'))}`],
    ['an overlong token', `Basic ${b64(`${unpadded}${'x'.repeat(9000)}`)}`],
  ];
}

describe.each(storeTargets)('Basic credentials on POST /auth (Partium) ($name)', (target) => {
  const ctx = useTestApp(target);
  // 34 bytes: base64 ends in "==". The demo developer's 33 bytes need none.
  const padded = 'pad@partium.example:pad-password-1';
  const unpadded = 'dev@partium.example:demo-dev-pass';
  const auth = (authorization: string) =>
    ctx().app.inject({ method: 'POST', url: '/auth', headers: { authorization } });

  beforeAll(async () => {
    const { users } = ctx().services;
    const user = await users.create({ email: 'pad@partium.example', password: 'pad-password-1' });
    await users.addToOrg(user.id, 'org_demo_parts', 'member');
  });

  it('takes a well-formed header, with any case of scheme and trailing spaces', async () => {
    expect((await auth(`Basic ${b64(padded)}`)).statusCode).toBe(200);
    expect((await auth(`basic   ${b64(unpadded)}  `)).statusCode).toBe(200);
  });

  it.each(malformed(padded, unpadded))('answers %s with 401 unauthorized', async (_, header) => {
    const res = await auth(header);
    expectJson(res, 401, { type: 'unauthorized' });
  });
});

describe.each(storeTargets)('Basic client authentication at /oauth/token ($name)', (target) => {
  const ctx = useTestApp(target);
  // RFC 6749 §2.3.1 form-encodes both parts: `%5F` is `_`, and makes the text need padding.
  const padded = `partner%5Fdemo_client:${partner.secret}`;
  const unpadded = `${partner.id}:${partner.secret}`;
  const token = (authorization: string) =>
    ctx().app.inject({
      method: 'POST',
      url: '/oauth/token',
      ...form({ grant_type: 'client_credentials' }),
      headers: { ...form({}).headers, authorization },
    });

  it('takes a well-formed header', async () => {
    expect((await token(`Basic ${b64(padded)}`)).statusCode).toBe(200);
    expect((await token(`BASIC ${b64(unpadded)} `)).statusCode).toBe(200);
  });

  it.each(malformed(padded, unpadded))('answers %s with 401 invalid_client', async (_, header) => {
    const res = await token(header);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="gatehouse", charset="UTF-8"');
    expect(res.json()).toEqual(oauthError('invalid_client', 'client authentication failed'));
  });
});

describe('parseBasicCredentials', () => {
  it('refuses a control character anywhere, and takes every other character', () => {
    // RFC 5234 B.1: CTL is %x00-1F / %x7F; a space, `~` and text beyond ASCII are not.
    for (const text of ['\u0000a:b', 'a\u001f:b', 'a:\tb', 'a:b\u007f']) {
      expect(parseBasicCredentials(`Basic ${b64(text)}`)).toBeUndefined();
    }
    expect(parseBasicCredentials(`Basic ${b64('a b:~ü\u0080€')}`)).toEqual({
      userId: 'a b',
      password: '~ü\u0080€',
    });
  });
});
