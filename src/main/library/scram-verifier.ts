// A password as PostgreSQL keeps it: a SCRAM-SHA-256 verifier, computed here so the password itself
// never reaches the server (not in a statement, a statement log or pg_stat_statements), as psql's
// \password does. RFC 5802 / RFC 7677: SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, i);
// StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key")); ServerKey = HMAC(SaltedPassword, "Server Key").
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** Printable ASCII: the passwords SASLprep leaves as they are, so the server checks exactly these bytes. */
const PLAIN = /^[\x20-\x7e]{8,200}$/;

export function scramSha256Verifier(password: string, opts: { salt?: Buffer; iterations?: number } = {}): string {
  if (!PLAIN.test(password)) throw new Error('A library password is 8 to 200 printable ASCII characters (letters, digits, punctuation, spaces).');
  const salt = opts.salt ?? randomBytes(16);
  const iterations = opts.iterations ?? 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
