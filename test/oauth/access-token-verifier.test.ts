import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import type { JWTPayload } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { signingAlgorithms, type SigningAlgorithm } from '../../src/config.js';
import { createFixedClock } from '../../src/lib/clock.js';
import { createAccessTokenVerifier } from '../../src/oauth/access-token-verifier.js';
import type { ActiveKey } from '../../src/oauth/signing-keys.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';
import {
  accessTokenHeader,
  expectRefused,
  issuedClaims,
  issuer,
  joseSigned,
  rawSigned,
  rawSignedJson,
  startTokenServices,
  surfaceAudience,
  userToken,
  type TokenServices,
} from './access-token-support.js';

const segment = (text: string) => Buffer.from(text).toString('base64url');

// RFC 9068 §4, RFC 7515 §5.2, RFC 7519 §7.2, RFC 8725: what an access token must be to be
// taken, each rule broken alone in a token whose signature is otherwise good.
describe.each(storeTargets)('access token verification ($name)', (target) => {
  const store = useServiceStore(target);
  let services: TokenServices;
  let key: ActiveKey;
  let claims: JWTPayload;
  beforeEach(async () => {
    services = await startTokenServices(store());
    key = services.keys.active();
    claims = await issuedClaims(services);
  });

  const now = () => store().clock.now();
  const verify = (token: string, audience: string | readonly string[] = issuer) =>
    services.tokens.verify(token, audience);
  const signedHeader = (header: Record<string, unknown>) =>
    rawSignedJson(key, JSON.stringify(header), JSON.stringify(claims));
  const signedClaims = (changed: JWTPayload) =>
    joseSigned(key, { alg: key.alg, typ: 'at+jwt', kid: key.kid }, { ...claims, ...changed });

  it('answers the claims of a token it issued', async () => {
    const { token, jti, expiresAt } = await services.tokens.issue(userToken);
    expect(await verify(token)).toEqual({
      jti,
      sub: 'usr_dev',
      subType: 'user',
      clientId: 'cli_spa',
      orgId: 'org_demo',
      scopes: ['orgs:read', 'keys:write'],
      role: 'developer',
      iat: now(),
      exp: expiresAt,
      aud: issuer,
      iss: issuer,
    });
    expect(expiresAt).toBe(now() + 600);
  });

  it.each(['at+jwt', 'application/at+jwt', 'AT+JWT', 'Application/At+JWT'])(
    'takes the type %s (RFC 7515 §4.1.9: a media type, case-insensitive)',
    async (typ) => {
      const token = signedHeader({ alg: key.alg, typ, kid: key.kid });
      expect(await verify(token)).toMatchObject({ jti: claims.jti });
    },
  );

  it.each<[string, (key: ActiveKey) => Record<string, unknown>]>([
    ['no typ', ({ alg, kid }) => ({ alg, kid })],
    ['the type of an ID token', ({ alg, kid }) => ({ alg, typ: 'JWT', kid })],
    ['typ application/jwt', ({ alg, kid }) => ({ alg, typ: 'application/jwt', kid })],
    ['a typ that is not a string', ({ alg, kid }) => ({ alg, typ: ['at+jwt'], kid })],
    ['a crit header', ({ alg, kid }) => ({ alg, typ: 'at+jwt', kid, crit: ['exp'], exp: 1 })],
    ['crit b64, true', ({ alg, kid }) => ({ alg, typ: 'at+jwt', kid, crit: ['b64'], b64: true })],
    ['b64 false, without crit', ({ alg, kid }) => ({ alg, typ: 'at+jwt', kid, b64: false })],
    ['no kid', ({ alg }) => ({ alg, typ: 'at+jwt' })],
    ['a kid that is not a string', ({ alg }) => ({ alg, typ: 'at+jwt', kid: 1 })],
    ['an unknown kid', ({ alg }) => ({ alg, typ: 'at+jwt', kid: 'no-such-kid' })],
    ['no alg', ({ kid }) => ({ typ: 'at+jwt', kid })],
    ['alg none', ({ kid }) => ({ alg: 'none', typ: 'at+jwt', kid })],
    ['alg ES384', ({ kid }) => ({ alg: 'ES384', typ: 'at+jwt', kid })],
    ['alg RS256 on an ES256 key', ({ kid }) => ({ alg: 'RS256', typ: 'at+jwt', kid })],
    ['alg es256, in the wrong case', ({ kid }) => ({ alg: 'es256', typ: 'at+jwt', kid })],
  ])('refuses a header with %s, and checks no signature', async (_, header) => {
    await expectRefused(verify(signedHeader(header(key))));
    expect(services.signatureChecks()).toBe(0);
  });

  it('refuses alg none with no signature', async () => {
    const header = segment(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid }));
    await expectRefused(verify(`${header}.${segment(JSON.stringify(claims))}.`));
  });

  it('refuses HS256 keyed with the published key (RFC 8725 §2.1), with the right kid', async () => {
    const header = segment(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: key.kid }));
    const input = `${header}.${segment(JSON.stringify(claims))}`;
    const published = createPublicKey(key.privateKey);
    for (const secret of [
      published.export({ type: 'spki', format: 'pem' }),
      JSON.stringify(services.keys.jwks().keys[0]),
    ]) {
      const mac = createHmac('sha256', secret).update(input).digest('base64url');
      await expectRefused(verify(`${input}.${mac}`));
    }
    expect(services.signatureChecks()).toBe(0);
  });

  it('refuses a token signed by another key of the same algorithm named by the right kid', async () => {
    const other = {
      ...key,
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
    await expectRefused(
      verify(rawSignedJson(other, accessTokenHeader(key), JSON.stringify(claims))),
    );
    expect(services.signatureChecks()).toBe(1);
  });

  it('refuses an EdDSA token signed by another key named by the right kid', async () => {
    const ed = {
      ...key,
      alg: 'EdDSA' as const,
      privateKey: generateKeyPairSync('ed25519').privateKey,
    };
    const header = JSON.stringify({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid });
    await expectRefused(verify(rawSignedJson(ed, header, JSON.stringify(claims))));
  });

  it.each<[string, (signature: Buffer) => Buffer]>([
    [
      'one bit changed',
      (sig) => Buffer.concat([sig.subarray(0, -1), Buffer.from([(sig.at(-1) ?? 0) ^ 1])]),
    ],
    ['a byte more', (sig) => Buffer.concat([sig, Buffer.from([0])])],
    ['its last byte cut', (sig) => sig.subarray(0, -1)],
    ['R and S swapped', (sig) => Buffer.concat([sig.subarray(32), sig.subarray(0, 32)])],
  ])('refuses a signature with %s', async (_, alter) => {
    const [header, payload, signature = ''] = (await services.tokens.issue(userToken)).token.split(
      '.',
    );
    const altered = alter(Buffer.from(signature, 'base64url')).toString('base64url');
    await expectRefused(verify(`${header}.${payload}.${altered}`));
  });

  it('refuses a DER-encoded ES256 signature of the right key (RFC 7518 §3.4 wants R || S)', async () => {
    const header = segment(accessTokenHeader(key));
    const input = `${header}.${segment(JSON.stringify(claims))}`;
    const der = sign('sha256', Buffer.from(input), key.privateKey).toString('base64url');
    await expectRefused(verify(`${input}.${der}`));
  });

  it.each(aroundTheLimit)('expires at exp: %s', async (_, offset, holds) => {
    const token = await signedClaims({ exp: now() - offset });
    if (holds) expect(await verify(token)).toMatchObject({ exp: now() + 1 });
    else await expectRefused(verify(token));
  });

  it('takes an iat up to 60 seconds ahead, and refuses one 61 seconds ahead', async () => {
    expect(await verify(await signedClaims({ iat: now() + 60 }))).toMatchObject({
      iat: now() + 60,
    });
    await expectRefused(verify(await signedClaims({ iat: now() + 61 })));
  });

  it('takes a token whose nbf has come, and refuses one whose nbf is ahead or not a number', async () => {
    expect(await verify(await signedClaims({ nbf: now() }))).toMatchObject({ jti: claims.jti });
    await expectRefused(verify(await signedClaims({ nbf: now() + 1, jti: 'at_later' })));
    await expectRefused(verify(await signedClaims({ nbf: String(now()) as unknown as number })));
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example' }],
    ['our issuer with a trailing slash', { iss: `${issuer}/` }],
    ['another audience', { aud: 'https://api.example' }],
    ['the audience in an array', { aud: [issuer] }],
    ['an unknown subject type', { sub_type: 'robot' }],
    ['an iat that is not a number', { iat: '1800000000' }],
    ['an exp that is not a number', { exp: '9999999999' }],
  ])('refuses a token with %s', async (_, changed) => {
    await expectRefused(verify(await signedClaims(changed as JWTPayload)));
  });

  it.each(['jti', 'sub', 'sub_type', 'client_id', 'org', 'iat', 'exp', 'aud', 'iss'])(
    'refuses a token without %s',
    async (claim) => {
      const rest = Object.fromEntries(Object.entries(claims).filter(([name]) => name !== claim));
      await expectRefused(verify(rawSignedJson(key, accessTokenHeader(key), JSON.stringify(rest))));
    },
  );

  it('takes a token for a surface only where that surface is asked for', async () => {
    const token = await signedClaims({ aud: surfaceAudience });
    await expectRefused(verify(token));
    expect(await verify(token, [issuer, surfaceAudience])).toMatchObject({ aud: surfaceAudience });
  });

  it.each([
    ['a payload that is a JSON array', '[]'],
    ['a payload that is a JSON string', '"claims"'],
    ['a payload that is JSON null', 'null'],
    ['a payload that is not JSON', '{"sub":'],
  ])('refuses %s', async (_, payload) => {
    await expectRefused(verify(rawSignedJson(key, accessTokenHeader(key), payload)));
  });

  it.each([
    ['a header that is not JSON', segment('{"alg":')],
    ['a header that is a JSON array', segment('["ES256"]')],
    ['a header that is not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')],
  ])('refuses %s', async (_, header) => {
    await expectRefused(verify(rawSigned(key, header, segment(JSON.stringify(claims)))));
  });

  it('refuses a payload that is not UTF-8', async () => {
    const payload = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url');
    await expectRefused(verify(rawSigned(key, segment(accessTokenHeader(key)), payload)));
  });

  it('refuses a segment in another spelling of the same bytes (base64url is canonical)', async () => {
    const header = segment(accessTokenHeader(key));
    const payload = segment(JSON.stringify(claims));
    // The last character of a segment whose length is not a multiple of 4 has bits that
    // decode to nothing: setting one spells the same bytes another way.
    const [last] = header.slice(-1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${header.slice(0, -1)}${alphabet[alphabet.indexOf(last ?? 'A') + 1]}`;
    expect(header.length % 4).not.toBe(0);
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(header, 'base64url'));
    expect(await verify(rawSigned(key, header, payload))).toMatchObject({ jti: claims.jti });
    await expectRefused(verify(rawSigned(key, respelled, payload)));
    await expectRefused(verify(rawSigned(key, `${header}=`, payload)));
  });

  it('refuses a token of more or fewer than three segments, or none', async () => {
    const { token } = await services.tokens.issue(userToken);
    const [header, payload] = token.split('.');
    for (const shape of [`${token}.${segment('more')}`, `${header}.${payload}`, `${token}.`, '']) {
      await expectRefused(verify(shape));
    }
    expect(await verify(token)).toMatchObject({ iss: issuer });
  });

  it('refuses a token signed with a revoked key, and one whose kid names it', async () => {
    const { token } = await services.tokens.issue(userToken);
    store().clock.advance(1);
    await services.keys.revoke(key.kid);
    await expectRefused(verify(token));
    await expectRefused(verify(await signedClaims({ iat: now(), jti: 'at_after' })));
  });
});

/** A key pair of `alg`, made here, as node:crypto makes them. */
function anotherKey(alg: SigningAlgorithm): KeyObject {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519').privateKey;
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

// RFC 8725 §3.1: with every algorithm SIGNING_ALG allows, the key decides the algorithm.
describe.each(storeTargets)('access token verification by algorithm ($name)', (target) => {
  const store = useServiceStore(target, 'each');

  it.each(signingAlgorithms)(
    'refuses, on a %s key, tokens of another key or algorithm naming its kid',
    async (alg) => {
      const services = await startTokenServices(store(), { alg });
      const key = services.keys.active();
      const claims = JSON.stringify(await issuedClaims(services));
      const header = (named: SigningAlgorithm) =>
        JSON.stringify({ alg: named, typ: 'at+jwt', kid: key.kid });
      expect(
        await services.tokens.verify(rawSignedJson(key, header(alg), claims), issuer),
      ).toMatchObject({
        iss: issuer,
      });
      for (const other of signingAlgorithms) {
        const forger = { ...key, alg: other, privateKey: anotherKey(other) };
        await expectRefused(
          services.tokens.verify(rawSignedJson(forger, header(other), claims), issuer),
        );
      }
      // Only the forgery that named the key's own algorithm came to a signature.
      expect(services.signatureChecks()).toBe(2);
    },
  );
});

describe('access token verification when the store fails', () => {
  it('throws the store’s error, not a refusal, while it looks up an unknown key', async () => {
    const down = new Error('the store is down');
    const verify = createAccessTokenVerifier({
      keys: {
        publicKey: async () => {
          throw down;
        },
        isPublished: () => false,
      },
      denyList: { revokedAt: () => undefined },
      clock: createFixedClock(),
      config: { publicUrl: issuer },
    });
    const header = segment(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'elsewhere' }));
    const token = `${header}.${segment('{"sub":"someone"}')}.${segment('signature')}`;
    await expect(verify(token, issuer)).rejects.toBe(down);
  });
});
