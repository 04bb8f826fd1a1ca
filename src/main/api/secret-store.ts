// Passwords the deck keeps (targets' Arthas and SSH ones, team libraries'): sealed by the OS keychain
// when there is one, or in memory only until the app closes when there is not; never in plain text.
// What cannot be read back (no keychain now, a keychain that changed or refused) is asked for again
// with a message that says so, never with a raw error.
import type { ServiceContext } from './service-context';

export class SecretStore {
  /** passwords typed this run when no keychain can keep them */
  private readonly memory = new Map<string, string>();

  constructor(private readonly ctx: ServiceContext) {}

  /** The blob to store for a new password (null: nothing to store, or kept in memory). */
  seal(key: string, value: string | null): Buffer | null {
    this.memory.delete(key);
    if (!value) return null;
    if (this.ctx.opts.secrets?.available()) {
      try {
        return this.ctx.opts.secrets.encrypt(value);
      } catch {
        // the keychain refused: kept in memory until the app closes, as without one
      }
    }
    this.memory.set(key, value);
    return null;
  }

  /** A password kept in memory this run (no keychain). */
  inMemory(key: string): boolean {
    return this.memory.has(key);
  }

  /** The password, from memory or unsealed; `what` names it in a message ("the saved password of "x""). */
  open(key: string, sealed: Buffer | null, what: string, where: string): string | undefined {
    if (this.memory.has(key)) return this.memory.get(key);
    if (!sealed) return undefined;
    if (!this.ctx.opts.secrets?.available()) {
      throw Object.assign(new Error(`${what} cannot be read: no system keychain is available now. Enter it again in ${where} (it is then kept in memory until the app closes).`), { kind: 'auth' });
    }
    try {
      return this.ctx.opts.secrets.decrypt(sealed);
    } catch {
      // the keychain changed, or access to it was denied (macOS Keychain): ask again, no raw error
      throw Object.assign(new Error(`${what} could not be decrypted (the system keychain changed or denied access). Enter it again in ${where}.`), { kind: 'auth' });
    }
  }
}
