import { isoTime } from '../../lib/clock.js';
import { Type } from '@sinclair/typebox';
import { EmptyBody } from './records.js';
import { callerMethod, openMethod, type Caller } from './rpc.js';

const InsertBody = Type.Object({
  client_id: Type.String({ minLength: 1, maxLength: 200 }),
  client_secret: Type.String({ minLength: 1, maxLength: 200 }),
  access_code: Type.String({ minLength: 1, maxLength: 200 }),
  // RFC 7636 §4.5: the verifier of the challenge the authorization request carried, if it
  // carried one. Its syntax (§4.1) is the core's to check: a malformed one is a 400. The
  // bound is §4.1's longest, so an over-long one is refused before it is read any further.
  code_verifier: Type.Optional(Type.String({ maxLength: 128 })),
});

/** The install handshake and the calling integration itself. */
export const integrationMethods = {
  /**
   * The one unauthenticated method: an OAuth client's credentials and a single-use access
   * code become a fresh API key and integration id. A wrong secret does not spend the code,
   * nor does a missing or wrong `code_verifier` for a code issued with a PKCE challenge.
   */
  'integrations.insert': openMethod(
    InsertBody,
    async (body, deps) => {
      const { integration, apiKey } = await deps.integrations.install({
        clientId: body.client_id,
        clientSecret: body.client_secret,
        accessCode: body.access_code,
        ...(body.code_verifier === undefined ? {} : { codeVerifier: body.code_verifier }),
      });
      return { api_key: apiKey, integration_id: integration.id };
    },
    // The new API key is in this answer only.
    { carriesSecret: true },
  ),

  'integrations.get': callerMethod('integration', EmptyBody, async (_body, _deps, caller) =>
    integrationView(caller),
  ),

  /** Uninstalls the calling integration: its key is refused from the next request on. */
  'integrations.delete': callerMethod('integration', EmptyBody, async (_body, deps, caller) => {
    await deps.integrations.uninstall(caller.integration);
    return { id: caller.integration.id, deleted: true };
  }),
};

function integrationView({ integration, org }: Caller) {
  return {
    id: integration.id,
    organization: { id: org.id, name: org.name, kind: org.kind },
    client_id: integration.clientId,
    created_at: isoTime(integration.createdAt),
  };
}
