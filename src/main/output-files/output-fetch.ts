// Reads arthas-output/ through the HTTP port a target's API answers on (after its route: direct, an
// SSH tunnel, a forwarding command): the listing, and one file streamed to disk with its progress,
// a cancel that leaves nothing behind, and a check that every byte the server announced arrived.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { basename, dirname, join } from 'node:path';
import type { TransportConfig } from '../arthas/http-transport';
import { isOutputName, parseOutputListing, type OutputEntry } from '../../shared/arthas/output-files';

/** Where a target's files are served and the credentials its API takes. */
export type OutputOrigin = Pick<TransportConfig, 'url' | 'authHeader'>;

export class OutputFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'failed' | 'cancelled' | 'invalid',
  ) {
    super(message);
    this.name = 'OutputFileError';
  }
}

/** The URL of a path inside arthas-output/ on the origin's host and port, each part encoded. */
export function outputUrl(origin: OutputOrigin, name: string): URL {
  if (name !== '' && !isOutputName(name)) throw new OutputFileError(`Not a file name inside arthas-output/: ${name.slice(0, 200)}`, 'invalid');
  const url = new URL(origin.url);
  url.pathname = `/arthas-output/${name.split('/').map(encodeURIComponent).join('/')}`;
  url.search = '';
  url.hash = '';
  return url;
}

function get(origin: OutputOrigin, url: URL, timeoutMs: number, signal?: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    // a connection of its own, closed after the answer: Arthas closes its end after most answers, and
    // a kept-alive socket it closed would fail the next request ("socket hang up")
    const headers: Record<string, string> = { Connection: 'close' };
    if (origin.authHeader) headers.Authorization = origin.authHeader;
    const req = (url.protocol === 'https:' ? https : http).get(url, { headers, signal, timeout: timeoutMs, agent: false }, resolve);
    req.on('timeout', () => req.destroy(new OutputFileError(`${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s`, 'failed')));
    req.on('error', (e) => reject(signal?.aborted ? new OutputFileError('Cancelled', 'cancelled') : e instanceof OutputFileError ? e : new OutputFileError(`${url.host}: ${(e as Error).message}`, 'failed')));
  });
}

function refused(res: IncomingMessage, what: string): OutputFileError {
  res.resume();
  if (res.statusCode === 404) return new OutputFileError(`${what} is not in arthas-output/ (the server answered 404)`, 'not-found');
  if (res.statusCode === 401) return new OutputFileError(`${what}: the server wants a user name and password (401)`, 'failed');
  return new OutputFileError(`${what}: the server answered HTTP ${res.statusCode}`, 'failed');
}

const LISTING_LIMIT = 4 * 1024 * 1024;

/** The entries of arthas-output/ (or a folder inside it, "sub/"); none when Arthas has written nothing yet. */
export async function listOutput(origin: OutputOrigin, folder = '', timeoutMs = 10_000): Promise<OutputEntry[]> {
  if (folder && !folder.endsWith('/')) folder += '/';
  const res = await get(origin, outputUrl(origin, folder), timeoutMs);
  // no arthas-output/ yet: Arthas answers 404 (the folder comes with the first file written there)
  if (res.statusCode === 404 && !folder) return (res.resume(), []);
  if (res.statusCode !== 200) throw refused(res, `arthas-output/${folder}`);
  if (!/text\/html/.test(String(res.headers['content-type']))) throw (res.resume(), new OutputFileError('The answer at /arthas-output/ is not a listing of Arthas: is this an Arthas HTTP port?', 'failed'));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > LISTING_LIMIT) throw (res.destroy(), new OutputFileError('The listing of arthas-output/ is larger than 4 MB', 'failed'));
    chunks.push(c);
  }
  return parseOutputListing(Buffer.concat(chunks).toString('utf8')).map((e) => ({ ...e, name: folder + e.name }));
}

export interface DownloadControl {
  signal?: AbortSignal;
  /** bytes written so far of the total the server announced (null when it announced none) */
  onProgress?: (done: number, total: number | null) => void;
  /** no data for this long ends the download (default 30 s) */
  idleMs?: number;
}

/**
 * Streams one file to `dest` (written to a part file beside it, renamed when whole): the bytes the
 * server sent, as many as its Content-Length said. A cancel or a short answer removes the part file.
 */
export async function downloadOutput(origin: OutputOrigin, name: string, dest: string, control: DownloadControl = {}): Promise<{ bytes: number }> {
  const url = outputUrl(origin, name);
  if (!name || name.endsWith('/')) throw new OutputFileError('Only a file can be downloaded', 'invalid');
  const res = await get(origin, url, control.idleMs ?? 30_000, control.signal);
  if (res.statusCode !== 200) throw refused(res, name);
  const announced = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : null;
  const part = join(dirname(dest), `.${basename(dest)}.part`);
  const out = createWriteStream(part);
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        res.destroy();
        out.destroy();
        reject(control.signal?.aborted ? new OutputFileError('Cancelled', 'cancelled') : e instanceof OutputFileError ? e : new OutputFileError(`${name}: ${(e as Error).message}`, 'failed'));
      };
      control.signal?.addEventListener('abort', fail, { once: true });
      res.on('data', (c: Buffer) => {
        done += c.length;
        control.onProgress?.(done, announced);
        // the disk sets the pace: a slow disk pauses the socket instead of filling memory
        if (!out.write(c)) res.pause();
      });
      out.on('drain', () => res.resume());
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('the server closed the connection')));
      out.on('error', fail);
      res.on('end', () => out.end());
      out.on('finish', () => {
        control.signal?.removeEventListener('abort', fail);
        if (announced !== null && done !== announced) reject(new OutputFileError(`${name}: ${done} of ${announced} bytes arrived`, 'failed'));
        else resolve();
      });
    });
    renameSync(part, dest);
    return { bytes: done };
  } catch (e) {
    rmSync(part, { force: true });
    throw e;
  }
}
