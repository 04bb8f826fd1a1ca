// Ports on 127.0.0.1: one nothing listens on, and whether a given one is free.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port the OS picks (from its ephemeral range) that nothing listens on now. */
export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function localPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The lowest port the OS hands to outgoing connections (Linux says; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A free port for a server another process binds later (Arthas in a JVM): below the ephemeral range,
 * so that no outgoing connection of this machine takes it in between; the OS's pick if none is free.
 */
export async function freeServerPort(): Promise<number> {
  const low = ephemeralLow();
  for (let i = 0; i < 40; i++) {
    const port = 10_000 + Math.floor(Math.random() * (low - 10_000));
    if (await localPortIsFree(port)) return port;
  }
  return freeLocalPort();
}
