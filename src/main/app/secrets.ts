// Saved passwords sealed by the OS keychain (Electron's safeStorage), for the window and for the
// --mcp-stdio mode alike. Ask only once the app is ready: before that the backend is unknown.
import { safeStorage } from 'electron';
import type { SecretBox } from '../api/service-context';
import { keychainUsable } from '../shell/keychain';

export const keychainSecrets: SecretBox = {
  // a keychain that throws when asked (a broken keyring, a denied Keychain) is none: passwords stay in memory, the app starts
  available: () => {
    try {
      return keychainUsable(safeStorage.isEncryptionAvailable(), process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined);
    } catch {
      return false;
    }
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};

