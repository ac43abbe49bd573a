import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { signingAlgorithms } from '../../src/config.js';
import { useTestApp } from '../helpers/app.js';
import { expectTokens } from '../helpers/replies.js';
import { storeTargets } from '../helpers/targets.js';
import {
  dev,
  expectCodeTokens,
  issueCode,
  nonce,
  redeem,
  spa,
  type CodeTokens,
} from './code-grant-support.js';

// OpenID Connect Core §3.1.3.3 and §3.1.3.6, with every signing algorithm SIGNING_ALG allows.
describe.each(storeTargets)('ID tokens ($name)', (target) => {
  describe.each(signingAlgorithms)('signed with %s', (alg) => {
    const ctx = useTestApp(target, { signingAlg: alg });

    it('comes with the access token of a code with openid, and hashes it in at_hash', async () => {
      const res = await redeem(ctx().app, { code: await issueCode(ctx()) });
      const tokens = expectTokens(res, {
        scope: 'openid profile email',
        refresh_token: expect.any(String),
        id_token: expect.any(String),
      });
      await expectCodeTokens(ctx(), tokens, {
        clientId: spa.id,
        alg,
        scope: 'openid profile email',
        tokenNonce: nonce,
      });
    });
  });

  describe('lifetime', () => {
    const ctx = useTestApp(target);

    it('expires with the access token it came with, at the lifetime of its client', async () => {
      const { services, clock } = ctx();
      const { client } = await services.clients.create({
        orgId: dev.orgId,
        name: 'short-lived',
        type: 'public',
        grantTypes: ['authorization_code'],
        scopes: ['openid'],
        redirectUris: [spa.redirectUri],
        accessTokenTtl: 120,
      });
      const code = await issueCode(ctx(), { clientId: client.id, scopes: ['openid'] });
      const tokens = (await redeem(ctx().app, { code, client_id: client.id })).json<CodeTokens>();
      expect(decodeJwt(tokens.access_token).exp).toBe(clock.now() + 120);
      expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({
        aud: client.id,
        exp: clock.now() + 120,
        iat: clock.now(),
      });
    });
  });
});
