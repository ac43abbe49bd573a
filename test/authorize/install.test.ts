import { describe, expect, it } from 'vitest';
import { storeTargets } from '../helpers/targets.js';
import { browser, cardPage, expectPageHeaders, formOf } from '../sessions/browser.js';
import {
  accessCodeRow,
  authorizeUrl,
  challenge,
  codeOf,
  decide,
  decisionButtons,
  dev,
  errorLocation,
  partlyAdmin,
  signedInAs,
  useAuthorizeApp,
} from './support.js';

const installCallback = 'http://127.0.0.1:5174/install/callback';
const partly = { id: 'partly_client_demo', secret: 'secret_demo_8f3a' };
const accessCodeShape = /^ac_[0-9A-Za-z]{32}$/;

/** An install request of the sandbox's Partly-style client: no scope, no PKCE needed. */
const installRequest = (more: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: partly.id,
  redirect_uri: installCallback,
  state: 'st-123',
  ...more,
});

describe.each(storeTargets)(
  'installing a client at the authorization endpoint ($name)',
  (target) => {
    const ctx = useAuthorizeApp(target);

    it('asks an admin which org, and issues an access code that installs there', async () => {
      const { services, clock } = ctx();
      const b = browser(ctx().app);
      const url = authorizeUrl(installRequest());
      const first = await b.get(url);
      expect(first.headers.location).toBe(`/signin?return_to=${encodeURIComponent(url)}`);
      const signIn = await b.follow(first);
      expectPageHeaders(signIn, true, 'http://127.0.0.1:5174');
      const back = await b.post('/signin', { ...formOf(signIn, '/signin'), ...partlyAdmin });
      const page = await b.follow(back);
      expect(page.statusCode).toBe(200);
      expectPageHeaders(page, true, 'http://127.0.0.1:5174');
      const token = services.csrf.tokenFor('session', b.jar.get('gatehouse_session') ?? '');
      expect(page.body).toBe(
        cardPage(
          'Install Partly demo integration',
          `<h1>Install <span class="client">Partly demo integration</span></h1>
${signedInAs('admin@partly.example', token, url)}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="csrf_token" value="${token}">
<input type="hidden" name="response_type" value="code">
<input type="hidden" name="client_id" value="partly_client_demo">
<input type="hidden" name="redirect_uri" value="http://127.0.0.1:5174/install/callback">
<input type="hidden" name="state" value="st-123">
<fieldset>
<legend>Install Partly demo integration into</legend>
<label class="choice"><input type="radio" name="org_id" value="org_demo_repairer" checked> Demo Repairer</label>
<label class="choice"><input type="radio" name="org_id" value="org_demo_supplier"> Demo Supplier</label>
</fieldset>
<p>Partly demo integration gets an API key of its own for the organization, and acts there until it is uninstalled.</p>
${decisionButtons}
</form>
<p class="muted">Either way, you go back to http://127.0.0.1:5174.</p>`,
        ),
      );

      const res = await decide(b, page, 'allow', { org_id: 'org_demo_supplier' });
      const code = codeOf(res, installCallback);
      expect(code).toMatch(accessCodeShape);
      expect(await accessCodeRow(ctx(), code)).toEqual({
        code_hash: expect.any(String),
        client_id: partly.id,
        org_id: 'org_demo_supplier',
        created_at: clock.now(),
        expires_at: clock.now() + 60,
        used_at: null,
        code_challenge: null,
      });
      // No consent is remembered: each install is asked for.
      expect(await services.consents.list('usr_partly_admin')).toEqual([]);
      expect((await b.get(url)).statusCode).toBe(200);
      // The install handshake redeems it, into the org chosen.
      const installed = await services.integrations.install({
        clientId: partly.id,
        clientSecret: partly.secret,
        accessCode: code,
      });
      expect(installed.integration).toMatchObject({
        orgId: 'org_demo_supplier',
        clientId: partly.id,
      });
    });

    it('binds the access code to a PKCE challenge the client sends', async () => {
      const b = browser(ctx().app);
      expect((await b.signIn(partlyAdmin.email, partlyAdmin.password)).statusCode).toBe(303);
      const request = installRequest({
        code_challenge: challenge,
        code_challenge_method: 'S256',
        org_id: 'org_demo_repairer',
      });
      const page = await b.get(authorizeUrl(request));
      expect(page.body).toContain(
        '<p>Install Partly demo integration into <strong>Demo Repairer</strong>?</p>',
      );
      const code = codeOf(await decide(b, page, 'allow'), installCallback);
      expect(await accessCodeRow(ctx(), code)).toMatchObject({
        org_id: 'org_demo_repairer',
        code_challenge: challenge,
      });
    });

    it('refuses a form changed to an org where the person is no admin', async () => {
      const { services } = ctx();
      await services.users.addToOrg('usr_partly_admin', 'org_other_supplier', 'developer');
      const b = browser(ctx().app);
      expect((await b.signIn(partlyAdmin.email, partlyAdmin.password)).statusCode).toBe(303);
      const page = await b.get(authorizeUrl(installRequest()));
      expect(page.body).not.toContain('org_other_supplier');
      const before = await services.db.selectFrom('access_codes').selectAll().execute();
      const res = await decide(b, page, 'allow', { org_id: 'org_other_supplier' });
      expect(res.headers.location).toBe(
        errorLocation(
          'access_denied',
          'the person cannot grant this client access in that organization',
          { redirectUri: installCallback },
        ),
      );
      expect(await services.db.selectFrom('access_codes').selectAll().execute()).toEqual(before);
    });

    it('tells the client access_denied for a person who is admin nowhere', async () => {
      const b = browser(ctx().app);
      const url = authorizeUrl(installRequest());
      const signIn = await b.follow(await b.get(url));
      const back = await b.post('/signin', { ...formOf(signIn, '/signin'), ...dev });
      const res = await b.follow(back);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(
        errorLocation(
          'access_denied',
          'installing this client needs the admin role in an organization',
          { redirectUri: installCallback },
        ),
      );
    });
  },
);
