// Large answers of the WebSocket host (a recorded profile of 70 MB, a long result read whole) go by
// HTTP: a browser's WebSocket carries a message of tens of MB an order of magnitude slower than a
// fetch of the same bytes (Chromium hands WebSocket data to the page in small flow-controlled
// pieces). The message then names a key; the page fetches the answer once, with its token.
import { randomBytes } from 'node:crypto';

/** answers from this size (characters of JSON) go by HTTP */
export const BULK_MIN_CHARS = 1024 * 1024;
/** an answer not fetched within this long is dropped (the page went away) */
const KEEP_MS = 60_000;

export class BulkAnswers {
  private readonly waiting = new Map<string, { json: string; timer: NodeJS.Timeout }>();

  /** Keeps the answer's JSON for one fetch; returns its key. */
  put(json: string): string {
    const key = randomBytes(18).toString('base64url');
    const timer = setTimeout(() => this.waiting.delete(key), KEEP_MS);
    timer.unref?.();
    this.waiting.set(key, { json, timer });
    return key;
  }

  /** The answer once, then forgotten; undefined for a key not given out, taken or expired. */
  take(key: string): string | undefined {
    const w = this.waiting.get(key);
    if (!w) return undefined;
    this.waiting.delete(key);
    clearTimeout(w.timer);
    return w.json;
  }

  clear(): void {
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
  }
}
