import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../errors.js';
import { sendCardPage } from '../http/card-page.js';
import { formFields, refuse } from '../sessions/browser.js';
import { signInPath } from '../sessions/return-to.js';
import { admit, type Admitted, type Answer, type AuthorizeDeps } from './admit.js';
import { consentPage } from './consent-page.js';
import { authorizeError, redirectedError } from './errors.js';
import { allowFormRedirectTo } from './form-action.js';
import { issueCode } from './issue.js';
import {
  authorizationParametersOf,
  authorizePath,
  readParameters,
  type AuthorizationParameters,
} from './parameters.js';
import { redirect, responseUri } from './response.js';
import { returnAfterSignIn } from './sign-in.js';
import { findTarget, type Target } from './target.js';

/**
 * `GET /oauth/authorize` (RFC 6749 §3.1, §4.1.1; OpenID Connect Core §3.1.2.1) and `POST
 * /oauth/authorize`, the consent form's decision. Both check, in this order: no parameter
 * repeated and the client's registered redirect URI (a page if not: target.ts); the request
 * (request.ts); a person signed in recently enough (admit.ts); the orgs they may choose. The
 * GET then answers at once when consent was given before, or shows the consent page; the POST,
 * whose form Gatehouse wrote but does not trust, checks its CSRF token first and everything
 * again, then denies or issues the code. Every answer to the client is a 303 to its redirect
 * URI (response.ts).
 */
export function authorizeRoutes(app: FastifyInstance, deps: AuthorizeDeps): void {
  const { cookies, csrf, consents } = deps;

  app.get(authorizePath, async (request, reply) => {
    const read = readParameters(request.query);
    const params = authorizationParametersOf(read);
    const target = await findTarget(params, deps.clients);
    return send(reply, target, async () => {
      const admitted = await admit({ request, reply }, read, params, target, deps);
      if ('to' in admitted) return admitted;
      const { request: asked, person, orgs } = admitted;
      const [only, ...more] = orgs;
      // OpenID Connect Core §3.1.2.4: consent given before is not asked again, unless the
      // client asks (`prompt=consent`). An install is asked every time: each one makes a key.
      const remembered =
        only !== undefined &&
        more.length === 0 &&
        !target.client.install &&
        !asked.prompt.has('consent') &&
        (await consents.covers(person.userId, target.client.id, only.id, asked.scopes));
      if (remembered) return issued(target, admitted, only.id);
      if (asked.prompt.has('none')) {
        throw more.length > 0
          ? authorizeError('interaction_required', 'the person must choose an organization')
          : authorizeError('consent_required', 'the person must allow this client');
      }
      return { to: 'consent', html: consentOf(target, admitted, params) };
    });
  });

  app.post(authorizePath, async (request, reply) => {
    const sessionId = cookies.session.read(request);
    if (!csrf.check('session', sessionId, formFields(request.body).csrf_token)) {
      return refuse(reply);
    }
    const read = readParameters(request.body);
    const params = authorizationParametersOf(read);
    const target = await findTarget(params, deps.clients);
    const decision = read.get('decision');
    if (decision !== 'allow' && decision !== 'deny') {
      throw new DomainError('invalid_input', 'The form must say allow or deny.');
    }
    return send(reply, target, async () => {
      const admitted = await admit({ request, reply }, read, params, target, deps);
      if ('to' in admitted) return admitted;
      if (decision === 'deny') {
        throw authorizeError('access_denied', 'the person denied the request');
      }
      const [chosen, ...more] = admitted.orgs;
      // The form always names one org; without it, only a person in exactly one has chosen.
      if (chosen === undefined || more.length > 0) {
        throw authorizeError('invalid_request', 'org_id must name the organization chosen');
      }
      if (!target.client.install) {
        const { person, request: asked } = admitted;
        await consents.grant(person.userId, target.client.id, chosen.id, asked.scopes);
      }
      return issued(target, admitted, chosen.id);
    });
  });

  async function issued(target: Target, { request, person }: Admitted, orgId: string) {
    const code = await issueCode(deps, target, request, person, orgId);
    return { to: 'client', fields: { code } } as const;
  }

  function consentOf(
    target: Target,
    { request, person, orgs }: Admitted,
    params: AuthorizationParameters,
  ) {
    return consentPage({
      client: target.client,
      redirectUri: target.redirectUri,
      person,
      orgs,
      scopes: request.scopes,
      params,
      csrfToken: csrf.tokenFor('session', person.sessionId),
      returnTo: returnAfterSignIn(params),
    });
  }

  /**
   * Answers with where `steps` lead; a failure meant for the client goes to its redirect URI
   * (RFC 6749 §4.1.2.1), anything else (a store that failed) is the pages' error page.
   */
  async function send(reply: FastifyReply, target: Target, steps: () => Promise<Answer>) {
    let answer: Answer;
    try {
      answer = await steps();
    } catch (error) {
      const fields = redirectedError(error);
      if (fields === undefined) throw error;
      answer = { to: 'client', fields };
    }
    switch (answer.to) {
      case 'client':
        return redirect(reply, responseUri(target, deps.config.publicUrl, answer.fields));
      case 'sign-in':
        return reply.redirect(signInPath(answer.returnTo), 303);
      case 'consent':
        return sendCardPage(allowFormRedirectTo(reply, target.redirectUri), 200, answer.html);
    }
  }
}
