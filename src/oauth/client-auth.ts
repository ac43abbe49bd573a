import type { Client, ClientService } from '../clients/service.js';
import { AppError } from '../errors.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

const failed = () => new AppError('invalid_client', 'client authentication failed');

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
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    if (params.client_secret !== undefined) {
      throw new AppError('invalid_request', 'use one client authentication method, not two');
    }
    const { id, secret } = parseBasic(authorization.slice(6).trim());
    if (params.client_id !== undefined && params.client_id !== id) {
      throw new AppError('invalid_request', 'client_id does not match the Authorization header');
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

function parseBasic(encoded: string): { id: string; secret: string } {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw failed();
  try {
    return {
      id: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw failed();
  }
}

// application/x-www-form-urlencoded decoding, which §2.3.1 applies to both parts.
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
