// Whether saved passwords can really be encrypted here. On Linux without a keyring (i3, sway, WSLg,
// minimal installs) Electron's safeStorage falls back to its 'basic_text' backend, which encrypts
// with a fixed password: as good as plain text. Then passwords stay in memory only (the target
// dialog says so). 'unknown' is what it answers before the app is ready.
export function keychainUsable(encryptionAvailable: boolean, linuxBackend?: string): boolean {
  if (!encryptionAvailable) return false;
  if (linuxBackend === undefined) return true;
  return linuxBackend !== 'basic_text' && linuxBackend !== 'unknown';
}
