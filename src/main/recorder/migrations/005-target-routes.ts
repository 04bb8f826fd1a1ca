// How a target is reached (JSON: direct when NULL, {kind:'ssh',…} or {kind:'command',…}), and the
// SSH password, encrypted by the OS keychain like the Arthas one (never plain text).
export default `
ALTER TABLE targets ADD COLUMN route TEXT;
ALTER TABLE targets ADD COLUMN ssh_password_enc BLOB;
`;
