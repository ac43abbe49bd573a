import type { Client, ClientService } from '../clients/service.js';
import { DomainError } from '../errors.js';
import { isBasic, parseBasicCredentials } from '../http/basic-credentials.js';
import { oauthError } from './http-errors.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

const failed = () => oauthError('invalid_client', 'client authentication failed');

/**
 * RFC 6749 §2.3: authenticate the client by exactly one method. client_secret_basic carries
 * form-urlencoded id and secret (§2.3.1); client_secret_post carries them in the body; a
 * public client sends only its client_id. Unknown client and wrong secret answer the same.
 */
export async function authenticateClient(
  authorization: string | undefined,
  params: Record<string, string>,
  clients: ClientService,
): Promise<{ client: Client; method: ClientAuthMethod }> {
  if (isBasic(authorization)) {
    if (params.client_secret !== undefined) {
      throw new DomainError('invalid_input', 'use one client authentication method, not two');
    }
    const { id, secret } = parseBasic(authorization);
    if (params.client_id !== undefined && params.client_id !== id) {
      throw new DomainError('invalid_input', 'client_id does not match the Authorization header');
    }
    const client = await clients.authenticate(id, secret);
    if (client === undefined) throw failed();
    return { client, method: 'client_secret_basic' };
  }
  const { client_id: id, client_secret: secret } = params;
  if (id === undefined) throw failed();
  if (secret !== undefined) {
    const client = await clients.authenticate(id, secret);
    if (client === undefined) throw failed();
    return { client, method: 'client_secret_post' };
  }
  const client = await clients.find(id);
  if (client === undefined || client.type !== 'public') throw failed();
  return { client, method: 'none' };
}

function parseBasic(header: string): { id: string; secret: string } {
  const credentials = parseBasicCredentials(header);
  if (credentials === undefined) throw failed();
  try {
    return { id: formDecode(credentials.userId), secret: formDecode(credentials.password) };
  } catch {
    throw failed();
  }
}

// application/x-www-form-urlencoded decoding, which §2.3.1 applies to both parts.
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
