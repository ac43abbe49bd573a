import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import type { ActiveKey } from '../../src/oauth/signing-keys.js';
import { turnSigner } from '../../src/oauth/turn-signer.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key: ActiveKey = { kid: 'kid_turn', alg: 'ES256', privateKey };
const claims = (jti: string) => ({ iss: 'https://auth.example', iat: 1_800_000_000, jti });

/** A signer whose turn ends when the test says so, and how many turns it asked for. */
function heldSigner() {
  const turns: Array<() => void> = [];
  const sign = turnSigner({ schedule: (run) => turns.push(run) });
  return { sign, turns };
}

/** Whether `promise` has settled a few milliseconds from now. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
}

/** The claims of `token`, once jose has checked its signature with the key's public half. */
async function verifiedClaims(token: string): Promise<unknown> {
  const verifier = await importJWK(publicKey.export({ format: 'jwk' }), 'ES256');
  const { payload } = await compactVerify(token, verifier);
  return JSON.parse(new TextDecoder().decode(payload));
}

describe('the turn signer', () => {
  it('signs the tokens asked for in one turn together, once the turn ends', async () => {
    const { sign, turns } = heldSigner();
    const tokens = [sign(key, 'at+jwt', claims('a')), sign(key, 'at+jwt', claims('b'))];
    const third = sign(key, 'JWT', claims('c'));
    expect(turns).toHaveLength(1);
    expect(await settled(Promise.race([...tokens, third]))).toBe(false);

    turns[0]?.();
    const [a, b, c] = await Promise.all([...tokens, third]);
    expect(await verifiedClaims(a ?? '')).toEqual(claims('a'));
    expect(await verifiedClaims(b ?? '')).toEqual(claims('b'));
    expect(await verifiedClaims(c ?? '')).toEqual(claims('c'));
    expect(decodeProtectedHeader(a ?? '')).toEqual({
      alg: 'ES256',
      typ: 'at+jwt',
      kid: 'kid_turn',
    });
    expect(decodeProtectedHeader(c ?? '')).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'kid_turn' });
  });

  it('starts a new turn for a token asked for after the last one was signed', async () => {
    const { sign, turns } = heldSigner();
    const first = sign(key, 'at+jwt', claims('first'));
    turns[0]?.();
    await first;
    const second = sign(key, 'at+jwt', claims('second'));
    expect(turns).toHaveLength(2);
    expect(await settled(second)).toBe(false);
    turns[1]?.();
    expect(await verifiedClaims(await second)).toEqual(claims('second'));
  });

  it('encodes the claims when the token is asked for, and signs them as they were', async () => {
    const { sign, turns } = heldSigner();
    const asked: Record<string, unknown> = claims('as asked');
    const token = sign(key, 'at+jwt', asked);
    asked.jti = 'changed later';
    turns[0]?.();
    expect(await verifiedClaims(await token)).toEqual(claims('as asked'));
  });

  it('fails a token whose claims cannot be signed at once, without waiting for the turn', async () => {
    const { sign, turns } = heldSigner();
    const good = sign(key, 'at+jwt', claims('good'));
    const endless = sign(key, 'at+jwt', { ...claims('endless'), exp: Infinity });
    await expect(endless).rejects.toThrow(new TypeError('the "exp" claim must be a finite number'));
    expect(await settled(good)).toBe(false);
    turns[0]?.();
    expect(await verifiedClaims(await good)).toEqual(claims('good'));
  });

  it('fails a token whose signature fails alone, and signs the others of its turn', async () => {
    const { sign, turns } = heldSigner();
    const wrongKey: ActiveKey = {
      kid: 'kid_wrong',
      alg: 'ES256',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    };
    const before = sign(key, 'at+jwt', claims('before'));
    const failing = sign(wrongKey, 'at+jwt', claims('failing'));
    const after = sign(key, 'at+jwt', claims('after'));
    turns[0]?.();
    await expect(failing).rejects.toThrow(/invalid digest/);
    expect(await verifiedClaims(await before)).toEqual(claims('before'));
    expect(await verifiedClaims(await after)).toEqual(claims('after'));
  });

  it("waits for the end of the event loop's turn by default (setImmediate)", async () => {
    const ends: Array<() => void> = [];
    const immediate = vi
      .spyOn(globalThis, 'setImmediate')
      .mockImplementation(((run: () => void) => ends.push(run)) as unknown as typeof setImmediate);
    try {
      const sign = turnSigner();
      const tokens = ['x', 'y'].map((jti) => sign(key, 'at+jwt', claims(jti)));
      expect(ends).toHaveLength(1);
      expect(await settled(Promise.race(tokens))).toBe(false);
      ends[0]?.();
      expect(await Promise.all((await Promise.all(tokens)).map(verifiedClaims))).toEqual([
        claims('x'),
        claims('y'),
      ]);
    } finally {
      immediate.mockRestore();
    }
  });
});
