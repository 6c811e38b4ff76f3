import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface TokenCipher {
  encrypt(plain: string): string;
  /** Throws TokenDecryptionError when the value was not sealed with this key or was altered. */
  decrypt(sealed: string): string;
}

export class TokenDecryptionError extends Error {}

// v1.<iv>.<tag>.<ciphertext>, base64url: the version leaves room to rotate the scheme or the key later.
const VERSION = 'v1';

/**
 * AES-256-GCM with a fresh random 12-byte IV per value; the auth tag makes a wrong key or a tampered
 * value fail loudly instead of yielding garbage tokens.
 */
export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error('The token key must be 32 bytes (AES-256).');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new TokenDecryptionError('A stored token is not in the expected encrypted format.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenDecryptionError('A stored token cannot be decrypted: ENCRYPTION_KEY differs from the key it was stored with, or the row was altered.');
      }
    },
  };
}
