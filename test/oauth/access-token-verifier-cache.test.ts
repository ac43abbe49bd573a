import { describe, expect, it } from 'vitest';
import { maxAccessTokenTtl } from '../../src/config.js';
import { credentialEntry } from '../../src/oauth/deny-list.js';
import { useServiceStore } from '../helpers/service-store.js';
import { storeTargets } from '../helpers/targets.js';
import { aroundTheLimit } from '../helpers/time-limits.js';
import {
  expectRefused,
  issuedClaims,
  issuer,
  joseSigned,
  startTokenServices,
  surfaceAudience,
  userToken,
  type TokenServices,
} from './access-token-support.js';

// A token verified once is remembered: presented again it costs no signature, and whatever
// may have changed since (the clock, the audience asked for, the deny list, the signing key)
// is checked again, so that a revocation still refuses it at once.
describe.each(storeTargets)('verified access tokens ($name)', (target) => {
  const store = useServiceStore(target);
  const start = (options?: { maxEntries?: number }) => startTokenServices(store(), options);
  const issue = async (services: TokenServices, input = {}) =>
    (await services.tokens.issue({ ...userToken, ...input })).token;

  it('checks the signature of a token seen for the first time once, and then never', async () => {
    const services = await start();
    const token = await issue(services);
    const first = await services.tokens.verify(token, issuer);
    expect(services.signatureChecks()).toBe(1);
    for (let i = 0; i < 3; i += 1) {
      expect(await services.tokens.verify(token, issuer)).toEqual(first);
    }
    expect(services.signatureChecks()).toBe(1);
    expect(services.verifiedTokens.size).toBe(1);
  });

  it('does not remember a token it refused', async () => {
    const services = await start();
    const [header, payload] = (await issue(services)).split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(64, 1).toString('base64url')}`;
    await expectRefused(services.tokens.verify(forged, issuer));
    await expectRefused(services.tokens.verify(forged, issuer));
    expect(services.signatureChecks()).toBe(2);
    expect(services.verifiedTokens.size).toBe(0);
  });

  it('refuses a remembered token asked for another audience, and still takes it for its own', async () => {
    const services = await start();
    const token = await issue(services);
    // Refused for another audience before it was ever taken: verified, not remembered.
    await expectRefused(services.tokens.verify(token, surfaceAudience));
    expect(services.verifiedTokens.size).toBe(0);
    await services.tokens.verify(token, issuer);
    await expectRefused(services.tokens.verify(token, surfaceAudience));
    await expectRefused(services.tokens.verify(token, [surfaceAudience]));
    expect(await services.tokens.verify(token, [surfaceAudience, issuer])).toMatchObject({
      aud: issuer,
    });
    expect(services.signatureChecks()).toBe(2);
  });

  it.each(aroundTheLimit)('refuses a remembered token at its exp: %s', async (_, offset, holds) => {
    const services = await start();
    const token = await issue(services);
    await services.tokens.verify(token, issuer);
    store().clock.advance(userToken.ttl + offset);
    if (holds) {
      expect(await services.tokens.verify(token, issuer)).toMatchObject({ iss: issuer });
      expect(services.signatureChecks()).toBe(1);
    } else {
      await expectRefused(services.tokens.verify(token, issuer));
    }
  });

  it('refuses a remembered token at once when it is revoked', async () => {
    const services = await start();
    const token = await issue(services);
    const claims = await services.tokens.verify(token, issuer);
    await services.tokens.revoke(claims);
    await expectRefused(services.tokens.verify(token, issuer));
    expect(services.signatureChecks()).toBe(1);
  });

  it('refuses a remembered token at once when its client is revoked, and those another instance may issue before it hears', async () => {
    const { clock } = store();
    const services = await start();
    const token = await issue(services);
    await services.tokens.verify(token, issuer);
    clock.advance(1);
    const entry = credentialEntry('client', userToken.clientId);
    await services.denyList.revoke(entry, clock.now() + maxAccessTokenTtl);
    await expectRefused(services.tokens.verify(token, issuer));
    // Issued 7 seconds on, as an instance with a clock 5 seconds ahead may have before the
    // revocation reached it: refused. A client re-created under its id issues again after.
    clock.advance(7);
    await expectRefused(services.tokens.verify(await issue(services), issuer));
    clock.advance(1);
    const next = await issue(services);
    expect(await services.tokens.verify(next, issuer)).toMatchObject({ clientId: 'cli_spa' });
    expect(services.signatureChecks()).toBe(3);
  });

  it('refuses a remembered token at once when the API key it was issued to is revoked', async () => {
    const { clock } = store();
    const services = await start();
    const token = await issue(services, { sub: 'key_demo', subType: 'api_key', role: null });
    expect(await services.tokens.verify(token, issuer)).toMatchObject({ subType: 'api_key' });
    await services.denyList.revoke(
      credentialEntry('api_key', 'key_demo'),
      clock.now() + maxAccessTokenTtl,
    );
    await expectRefused(services.tokens.verify(token, issuer));
    expect(services.signatureChecks()).toBe(1);
  });

  it('refuses a remembered token at once when the key that signed it is revoked', async () => {
    const { clock } = store();
    const services = await start();
    const token = await issue(services);
    await services.tokens.verify(token, issuer);
    clock.advance(1);
    await services.keys.revoke(services.keys.active().kid);
    await expectRefused(services.tokens.verify(token, issuer));
    expect(services.signatureChecks()).toBe(1);
  });

  it('refuses a token another instance remembered once it syncs a revocation made here', async () => {
    const { clock } = store();
    const a = await start();
    const b = await start();
    const revoked = await issue(a);
    const keyRevoked = await issue(a);
    await b.tokens.verify(revoked, issuer);
    await b.tokens.verify(keyRevoked, issuer);
    clock.advance(1);
    await a.tokens.revoke(await a.tokens.verify(revoked, issuer));
    await b.denyList.sync();
    await expectRefused(b.tokens.verify(revoked, issuer));
    expect(await b.tokens.verify(keyRevoked, issuer)).toMatchObject({ iss: issuer });
    await a.keys.revoke(a.keys.active().kid);
    await b.denyList.sync();
    await expectRefused(b.tokens.verify(keyRevoked, issuer));
    expect(b.signatureChecks()).toBe(2);
  });

  it('forgets a token claiming a long life once a revocation of its key may have lapsed', async () => {
    const { clock } = store();
    const services = await start();
    const key = services.keys.active();
    // Signed by whoever holds the key, for ten days: longer than Gatehouse issues for.
    const claims = await issuedClaims(services);
    const header = { alg: key.alg, typ: 'at+jwt', kid: key.kid };
    const token = await joseSigned(key, header, { ...claims, exp: clock.now() + 10 * 86_400 });
    await services.tokens.verify(token, issuer);
    clock.advance(1);
    await services.keys.revoke(key.kid);
    // The deny list lets go of the key once every token of it has expired.
    clock.advance(maxAccessTokenTtl);
    await services.denyList.sync();
    expect(services.denyList.revokedAt(`kid:${key.kid}`)).toBeUndefined();
    await expectRefused(services.tokens.verify(token, issuer));
    expect(services.signatureChecks()).toBe(1);
  });

  it('never honours again a token another instance verified before it heard its key was revoked', async () => {
    const { clock } = store();
    const a = await start();
    const b = await start();
    const key = a.keys.active();
    const claims = await issuedClaims(a);
    const header = { alg: key.alg, typ: 'at+jwt', kid: key.kid };
    const token = await joseSigned(key, header, { ...claims, exp: clock.now() + 10 * 86_400 });
    clock.advance(1);
    await a.keys.revoke(key.kid);
    // B has not synced for a few seconds: it verifies the token with the key it still holds,
    // and keeps it a day from now, a little longer than the revocation stays on the list.
    clock.advance(3);
    expect(await b.tokens.verify(token, issuer)).toMatchObject({ iss: issuer });
    await b.denyList.sync();
    await b.keys.refresh();
    await expectRefused(b.tokens.verify(token, issuer));
    // A day after the revocation it has left the deny list; B no longer holds the key either.
    clock.advance(maxAccessTokenTtl - 2);
    await b.denyList.sync();
    await b.keys.refresh();
    expect(b.denyList.revokedAt(`kid:${key.kid}`)).toBeUndefined();
    await expectRefused(b.tokens.verify(token, issuer));
    expect(b.signatureChecks()).toBe(1);
  });

  it('remembers at most its bound, forgetting the token it remembered first', async () => {
    const services = await start({ maxEntries: 3 });
    const tokens = [];
    for (let i = 0; i < 4; i += 1) tokens.push(await issue(services));
    for (const token of tokens) await services.tokens.verify(token, issuer);
    expect(services.verifiedTokens.size).toBe(3);
    expect(services.signatureChecks()).toBe(4);
    // The last three cost nothing; the first was forgotten and is verified again.
    for (const token of tokens.slice(1)) await services.tokens.verify(token, issuer);
    expect(services.signatureChecks()).toBe(4);
    await services.tokens.verify(tokens[0] ?? '', issuer);
    expect(services.signatureChecks()).toBe(5);
    expect(services.verifiedTokens.size).toBe(3);
  });
});
