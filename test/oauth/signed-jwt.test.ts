import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signingAlgorithms } from '../../src/config.js';
import { atHash, createIdTokenService } from '../../src/oauth/id-tokens.js';
import { signJwt } from '../../src/oauth/signed-jwt.js';
import type { ActiveKey } from '../../src/oauth/signing-keys.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import {
  issuedClaims,
  issuer,
  joseSigned,
  startTokenServices,
  userToken,
} from './access-token-support.js';

// Tokens stay standard: jose, apart from Gatehouse's signer and verifier, verifies the
// access tokens and ID tokens Gatehouse signs against its published key set, and Gatehouse
// takes an access token jose signs with its key, for every algorithm SIGNING_ALG allows.
describe.each(storeTargets)('signed JWTs ($name)', (target) => {
  const store = useServiceStore(target, 'each');

  describe.each(signingAlgorithms)('with %s', (alg) => {
    async function started() {
      const services = await startTokenServices(store(), { alg });
      const published = createLocalJWKSet(services.keys.jwks());
      const verifyWithJose = (token: string, typ: string, audience: string) =>
        jwtVerify(token, published, {
          typ,
          issuer,
          audience,
          algorithms: [alg],
          currentDate: new Date(store().clock.now() * 1000),
        });
      return { services, verifyWithJose };
    }

    it('signs access tokens that jose verifies against the published keys', async () => {
      const { services, verifyWithJose } = await started();
      const { token, jti } = await services.tokens.issue(userToken);
      const { protectedHeader, payload } = await verifyWithJose(token, 'at+jwt', issuer);
      const now = store().clock.now();
      expect(protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: services.keys.active().kid });
      expect(payload).toEqual({
        client_id: 'cli_spa',
        scope: 'orgs:read keys:write',
        org: 'org_demo',
        sub_type: 'user',
        roles: ['developer'],
        iss: issuer,
        sub: 'usr_dev',
        aud: issuer,
        iat: now,
        exp: now + 600,
        jti,
      });
    });

    it('signs ID tokens that jose verifies against the published keys', async () => {
      const { services, verifyWithJose } = await started();
      const now = store().clock.now();
      const idTokens = createIdTokenService({
        keys: services.keys,
        clock: store().clock,
        config: { publicUrl: issuer },
      });
      const { token: accessToken } = await services.tokens.issue(userToken);
      const idToken = await idTokens.issue({
        userId: 'usr_dev',
        clientId: 'cli_spa',
        nonce: 'n-0S6_WzA2Mj',
        authTime: now - 30,
        accessToken,
        expiresAt: now + 600,
      });
      const { protectedHeader, payload } = await verifyWithJose(idToken, 'JWT', 'cli_spa');
      expect(protectedHeader).toEqual({ alg, typ: 'JWT', kid: services.keys.active().kid });
      expect(payload).toEqual({
        iss: issuer,
        sub: 'usr_dev',
        aud: 'cli_spa',
        exp: now + 600,
        iat: now,
        auth_time: now - 30,
        nonce: 'n-0S6_WzA2Mj',
        at_hash: atHash(accessToken, alg),
      });
      // An ID token is no access token (RFC 9068 §4: typ).
      await expect(services.tokens.verify(idToken, 'cli_spa')).rejects.toMatchObject({
        outcome: 'credential_invalid',
      });
    });

    it('takes an access token jose signed with its key, verifying it once', async () => {
      const { services } = await started();
      const key = services.keys.active();
      const claims = await issuedClaims(services);
      const token = await joseSigned(key, { alg, typ: 'at+jwt', kid: key.kid }, claims);
      expect(await services.tokens.verify(token, issuer)).toMatchObject({
        jti: claims.jti,
        sub: 'usr_dev',
      });
      expect(services.signatureChecks()).toBe(1);
    });
  });

  it('refuses to sign a time that JSON cannot hold', async () => {
    const services = await startTokenServices(store());
    const key = services.keys.active();
    expect(() => signJwt(key, 'JWT', { exp: Number.POSITIVE_INFINITY })).toThrow(
      'the "exp" claim must be a finite number',
    );
  });
});

/** signJwt encodes each key's header once per token type (signed-jwt.ts). */
describe('JWTs of several keys and types, signed in turn', () => {
  function keyPair(kid: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const active: ActiveKey = { kid, alg: 'ES256', privateKey };
    return { active, publicKey };
  }

  it('gives each token the header of its own key and type, and a signature jose verifies', async () => {
    const one = keyPair('k1');
    const two = keyPair('k2');
    const signed = [
      [one, 'at+jwt'],
      [one, 'JWT'],
      [two, 'at+jwt'],
      [one, 'at+jwt'],
      [two, 'JWT'],
    ] as const;
    for (const [{ active, publicKey }, typ] of signed) {
      const token = signJwt(active, typ, { sub: typ, iat: 1 });
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ, kid: active.kid });
      const { payload } = await compactVerify(token, publicKey);
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ sub: typ, iat: 1 });
    }
  });
});
