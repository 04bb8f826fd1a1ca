// ~/.ssh/config as OpenSSH reads it, for one host: the first value found for each keyword wins,
// Host lines match with * and ? (and ! to exclude). HostName, User, Port, IdentityFile, ProxyJump.
import { homedir } from 'node:os';

export interface SshHostConfig {
  hostName: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  /** one or more jump hosts ("user@host:port" or an alias), the first one first */
  proxyJump?: string[];
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

function hostMatches(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(alias)) return false;
    } else if (globToRegExp(p).test(alias)) matched = true;
  }
  return matched;
}

const expandHome = (p: string, home: string): string => (p.startsWith('~/') ? `${home}/${p.slice(2)}` : p);

export function resolveSshConfig(text: string, alias: string, home = homedir()): SshHostConfig {
  const found: Record<string, string> = {};
  const identities: string[] = [];
  let active = true; // keywords before the first Host apply to all
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)\s*(?:=\s*|\s+)(.+)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim().replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      active = hostMatches(value.split(/\s+/), alias);
      continue;
    }
    if (key === 'match') {
      active = false; // Match blocks are not evaluated here
      continue;
    }
    if (!active) continue;
    if (key === 'identityfile') identities.push(expandHome(value, home));
    else if (!(key in found)) found[key] = value;
  }
  const hostName = (found.hostname ?? alias).replace(/%h/g, alias);
  return {
    hostName,
    user: found.user,
    port: found.port ? Number(found.port) : undefined,
    identityFiles: identities,
    proxyJump: found.proxyjump && found.proxyjump.toLowerCase() !== 'none' ? found.proxyjump.split(',').map((s) => s.trim()) : undefined,
  };
}

/** "user@host:port" (user and port optional) */
export function parseSshDestination(d: string): { user?: string; host: string; port?: number } {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(d.trim());
  if (!m) throw new Error(`"${d}" is not an SSH destination (user@host[:port])`);
  return { user: m[1], host: m[2]!.replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined };
}
