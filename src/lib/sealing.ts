import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Secrets kept in the store, encrypted with AES-256-GCM under a key the store never holds
 * (GATEHOUSE_SECRET_KEY). Each value gets a random 96-bit IV (NIST SP 800-38D §8.2.2) and is
 * bound to a context, such as the id of the row it belongs to, as additional authenticated
 * data: a sealed value copied into another row does not open.
 *
 * Format: `a256gcm.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. The key id names the
 * key that sealed the value without revealing it, so that a store sealed under another key
 * is told apart from one that was altered.
 */
export interface Sealer {
  /** Identifies the key (an HMAC of a constant under it, 64 bits, hex). */
  readonly keyId: string;
  seal(clear: string, context: string): string;
  /** The clear text; a SealError when the value is not sealed, or not by this key, or altered. */
  open(sealed: string, context: string): string;
}

export class SealError extends Error {
  override name = 'SealError';
  constructor(readonly reason: 'not_sealed' | 'other_key' | 'altered') {
    super(`cannot open a sealed value: ${reason}`);
  }
}

const prefix = 'a256gcm';

export function isSealed(value: string): boolean {
  return value.startsWith(`${prefix}.`);
}

/** The id of the key that sealed `value`, if it is sealed. */
export function sealedKeyId(value: string): string | undefined {
  return isSealed(value) ? value.split('.')[1] : undefined;
}

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('an AES-256 key is 32 bytes');
  const id = createHmac('sha256', key)
    .update('gatehouse sealing key id')
    .digest('hex')
    .slice(0, 16);
  return {
    keyId: id,
    seal(clear, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url'));
      return [prefix, id, ...parts].join('.');
    },
    open(sealed, context) {
      const [tag, sealedBy, iv, authTag, data, ...rest] = sealed.split('.');
      if (tag !== prefix || iv === undefined || authTag === undefined || data === undefined) {
        throw new SealError('not_sealed');
      }
      if (sealedBy !== id) throw new SealError('other_key');
      if (rest.length > 0) throw new SealError('altered');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: 16,
        });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
        const clear = Buffer.concat([
          decipher.update(Buffer.from(data, 'base64url')),
          decipher.final(),
        ]);
        return clear.toString('utf8');
      } catch {
        throw new SealError('altered');
      }
    },
  };
}
