// Host keys as OpenSSH keeps them in ~/.ssh/known_hosts: plain or hashed (|1|salt|hash) host names,
// [host]:port for ports other than 22. A key is known, unknown (shown by its SHA256 fingerprint,
// to be accepted by the user) or changed (refused).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type HostKeyVerdict = 'known' | 'unknown' | 'changed';

/** The key's type, as the first string inside its wire blob ("ssh-ed25519", "ecdsa-sha2-nistp256"…). */
export function keyType(blob: Buffer): string {
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** OpenSSH's SHA256:… fingerprint */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** How known_hosts names a host: "host", or "[host]:port" for a port other than 22. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function nameMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return field.split(',').some((f) => f === name);
}

export function checkHostKey(knownHosts: string, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = hostPattern(host, port);
  const type = keyType(blob);
  const b64 = blob.toString('base64');
  let sameTypeDiffers = false;
  for (const raw of knownHosts.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    // an optional marker (@cert-authority, @revoked) comes first
    const [names, t, key] = parts[0]!.startsWith('@') ? parts.slice(1) : parts;
    if (!names || !t || !key || !nameMatches(names, name)) continue;
    if (parts[0] === '@revoked' && key === b64) return 'changed';
    if (t === type && key === b64) return 'known';
    if (t === type) sameTypeDiffers = true;
  }
  return sameTypeDiffers ? 'changed' : 'unknown';
}

/** Adds a host's key (hashed, as ssh does with HashKnownHosts). */
export function rememberHostKey(file: string, host: string, port: number, blob: Buffer): void {
  const salt = randomBytes(20);
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(hostPattern(host, port)).digest('base64')}`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  appendFileSync(file, `${before && !before.endsWith('\n') ? '\n' : ''}${hashed} ${keyType(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}
