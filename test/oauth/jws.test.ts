import { generateKeyPairSync } from 'node:crypto';
import {
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { signingAlgorithms, type SigningAlgorithm } from '../../src/config.js';
import {
  checkSignature,
  decodeJsonSegment,
  encodeJsonSegment,
  importJwk,
  signJws,
  splitJws,
} from '../../src/oauth/jws.js';

/** A key pair of `alg` made by jose, as signing-keys.ts makes them, as JWKs. */
async function jwkPair(alg: SigningAlgorithm) {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  return {
    pair,
    publicJwk: { ...(await exportJWK(pair.publicKey)), alg, use: 'sig' } as JWK,
    privateJwk: await exportJWK(pair.privateKey),
  };
}

const signatureLengths: Record<SigningAlgorithm, number> = { ES256: 64, EdDSA: 64, RS256: 256 };

// Each algorithm against jose, an implementation apart from ours: what we sign it verifies,
// what it signs we verify.
describe.each(signingAlgorithms)('JWS with %s', (alg) => {
  it('signs a compact JWS that jose verifies, with the header and payload as given', async () => {
    const { pair, privateJwk } = await jwkPair(alg);
    const token = signJws(
      alg,
      importJwk(privateJwk, alg, 'private'),
      `${encodeJsonSegment({ alg, kid: 'k1' })}.${encodeJsonSegment({ n: 1 })}`,
    );
    const { payload, protectedHeader } = await compactVerify(token, pair.publicKey, {
      algorithms: [alg],
    });
    expect(protectedHeader).toEqual({ alg, kid: 'k1' });
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ n: 1 });
    expect(Buffer.from(token.split('.')[2] ?? '', 'base64url')).toHaveLength(signatureLengths[alg]);
  });

  it('verifies what jose signs, and nothing altered', async () => {
    const { pair, publicJwk } = await jwkPair(alg);
    const token = await new SignJWT({ sub: 'usr_a' })
      .setProtectedHeader({ alg })
      .sign(pair.privateKey);
    const jws = splitJws(token);
    if (jws === undefined) throw new Error('jose signed no compact JWS');
    const publicKey = importJwk(publicJwk, alg, 'public');
    expect(jws.header).toEqual({ alg });
    expect(decodeJsonSegment(jws.payload)).toEqual({ sub: 'usr_a' });
    expect(checkSignature(alg, publicKey, jws.signingInput, jws.signature)).toBe(true);
    expect(checkSignature(alg, publicKey, `${jws.signingInput}x`, jws.signature)).toBe(false);
    const longer = Buffer.concat([jws.signature, Buffer.from([0])]);
    expect(checkSignature(alg, publicKey, jws.signingInput, longer)).toBe(false);
  });
});

describe('JWS keys', () => {
  it.each<[SigningAlgorithm, SigningAlgorithm]>([
    ['ES256', 'EdDSA'],
    ['ES256', 'RS256'],
    ['EdDSA', 'ES256'],
    ['RS256', 'ES256'],
  ])('refuses a %s key as a key of %s', async (made, named) => {
    const { publicJwk, privateJwk } = await jwkPair(made);
    expect(() => importJwk(publicJwk, named, 'public')).toThrow(
      `the public key is not an ${named} key`,
    );
    expect(() => importJwk(privateJwk, named, 'private')).toThrow(
      `the private key is not an ${named} key`,
    );
  });

  it('refuses an RSA key shorter than 2048 bits (RFC 7518 §3.3)', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => importJwk(publicKey.export({ format: 'jwk' }), 'RS256', 'public')).toThrow(
      'the public key is not an RS256 key',
    );
  });

  it('refuses an ES256 key on another curve', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => importJwk(publicKey.export({ format: 'jwk' }), 'ES256', 'public')).toThrow(
      'the public key is not an ES256 key',
    );
  });
});

describe('taking a compact JWS apart', () => {
  const segment = (text: string) => Buffer.from(text).toString('base64url');
  const header = segment('{"alg":"ES256"}');
  const signature = segment('sig');

  it('takes three canonical segments with a JSON object for header', () => {
    expect(splitJws(`${header}.e30.-_-_`)?.signature).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
    expect(splitJws(`${header}.${segment('{}')}.${signature}`)).toEqual({
      header: { alg: 'ES256' },
      payload: segment('{}'),
      signingInput: `${header}.${segment('{}')}`,
      signature: Buffer.from('sig'),
    });
    expect(decodeProtectedHeader(`${header}.e30.${signature}`)).toEqual({ alg: 'ES256' });
  });

  it.each([
    ['two segments', `${header}.e30`],
    ['four segments', `${header}.e30.${signature}.${signature}`],
    ['an empty signature', `${header}.e30.`],
    ['an empty header', `.e30.${signature}`],
    ['a padded segment', `${header}.e30.${signature}=`],
    // The bytes fb ff bf are `-_-_` in base64url.
    ['base64, not base64url', `${header}.e30.+/+/`],
    ['a header that is an array', `${segment('[1]')}.e30.${signature}`],
    // Ł is U+0141, whose low octet is A's: no character may stand for another in the input.
    ['a character outside base64url', `${header}.e3\u0141.${signature}`],
  ])('takes nothing of %s', (_, token) => {
    expect(splitJws(token)).toBeUndefined();
  });

  it.each([
    ['an array', '[]'],
    ['a number', '1'],
    ['null', 'null'],
    ['truncated JSON', '{"a":'],
  ])('decodes no JSON object of %s', (_, json) => {
    expect(decodeJsonSegment(segment(json))).toBeUndefined();
  });
});
