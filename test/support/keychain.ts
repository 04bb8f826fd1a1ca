// A keychain as Electron's safeStorage is one, for tests: it seals with a key the database never
// sees. noKeychain is a machine without one (Linux without a keyring).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../src/main/api/service-context';

export function keychain(key = randomBytes(32)): SecretBox {
  return {
    available: () => true,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

export const noKeychain: SecretBox = { available: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' };
