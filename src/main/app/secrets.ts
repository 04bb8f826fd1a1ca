// Saved passwords sealed by the OS keychain (Electron's safeStorage), for the window and for the
// --mcp-stdio mode alike. Ask only once the app is ready: before that the backend is unknown.
import { safeStorage } from 'electron';
import type { SecretBox } from '../api/service-context';
import { keychainUsable } from '../shell/keychain';

export const keychainSecrets: SecretBox = {
  available: () => keychainUsable(safeStorage.isEncryptionAvailable(), process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};

