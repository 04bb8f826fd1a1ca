// A terminal recording as asciicast v2 (#36.3): exported through the service with the share's
// masking, played by the real asciinema (`asciinema cat` prints what it would draw), imported back
// into a recording of its own with the same frames and times; a .cast a hostile hand made is refused
// with a clear message and leaves no recording; a recording that is not a terminal's is not a .cast.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import type { DeckArgs, DeckMethod, DeckResult } from '../../src/shared/contract';
import type { TerminalFrame } from '../../src/shared/terminal/terminal-frames';
import { skipOrFail } from '../support/real-tier';
import { tempDir } from '../support/temp-dir';

const asciinema = ['/usr/bin/asciinema', '/usr/local/bin/asciinema'].find((p) => existsSync(p));
const why = asciinema && existsSync('/usr/bin/script') ? null : 'asciinema (and script from util-linux) is not installed (apt-get install asciinema)';
if (why) console.warn(`asciicast tests skipped: ${why}`);

let dir: ReturnType<typeof tempDir>;
let db: Db;
let deck: DeckService;
const call = <M extends DeckMethod>(m: M, a: DeckArgs<M>): Promise<DeckResult<M>> => deck.call<M>(m, a);
const frames = (id: number): Array<{ at: number; f: TerminalFrame }> =>
  (db.prepare(`SELECT received_at AS at, raw FROM results WHERE session_id = ? AND type = 'terminal' ORDER BY pos`).all(id) as Array<{ at: number; raw: string }>).map((r) => ({ at: r.at, f: JSON.parse(r.raw) as TerminalFrame }));

const OUTPUT = ['[arthas@7]$ ', 'o', 'g', 'n', 'l', '\r\n', '@String[\u6570\u5b66 token=abc123]\r\n', '\u001b[1;32mok\u001b[0m\r\n', '[arthas@7]$ '];

/** a terminal's recording as the deck writes one: its size, output frames, a keystroke */
function terminalRecording(): number {
  const w = new RecordingWriter(db);
  const id = w.createRecording({ targetName: 'math-game', targetUrl: 'http://127.0.0.1:8563/api', name: 'terminal of math-game', startedAt: 10_000 });
  const row = (f: TerminalFrame, at: number, i: number) => resultRow(i, at, 'live', f as unknown as { type: string }, JSON.stringify(f));
  const rows = [row({ type: 'terminal', resize: { cols: 100, rows: 30 } }, 10_000, 1), row({ type: 'terminal', in: 'o' }, 10_500, 2)];
  OUTPUT.forEach((o, i) => rows.push(row({ type: 'terminal', out: o }, 11_000 + i * 250, i + 3)));
  w.writeBatch(id, rows);
  w.endRecording(id, 'closed', 14_000);
  return id;
}

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(dir.file('deck.db'));
  deck = new DeckService({ db, databasePath: dir.file('deck.db'), mode: 'serve', version: 'test', searchIndex: false });
});
afterEach(async () => {
  await deck.shutdown();
  db.close();
  dir.remove();
});

describe.skipIf(skipOrFail(why))('a terminal recording as asciicast', () => {
  it('exported masked, asciinema plays what the terminal drew, and it comes back with the same frames and times', async () => {
    const id = terminalRecording();
    const file = dir.file('t.cast');
    const r = await call('recordings.export', { recordingId: id, format: 'cast', path: file, mask: [{ pattern: 'abc123' }] });
    expect(r!.masked).toBe(1);
    // asciinema cat wants a terminal: script(1) gives it one; what it prints is what it would draw
    const played = execFileSync('script', ['-q', '-e', '-c', `${asciinema} cat '${file}'`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
    expect(played).toBe(OUTPUT.join('').replace('abc123', '***'));
    const back = await call('recordings.import', { path: file });
    const original = frames(id).map(({ at, f }) => ({ at, f: f.out ? { ...f, out: f.out.replace('abc123', '***') } : f }));
    const imported = frames(back!.recordingId).filter((x) => x.f.line === undefined);
    expect(imported).toEqual(original);
    // the imported one is found by its lines, as a recorded terminal is
    expect(frames(back!.recordingId).flatMap((x) => x.f.line?.split('\n') ?? [])).toContain('@String[\u6570\u5b66 token=***]');
    expect((await call('recordings.get', { id: back!.recordingId })).terminal).toBe(true);
  });

  it('a recording that is not a terminal\'s is refused as a .cast, and no file is left', async () => {
    const w = new RecordingWriter(db);
    const id = w.createRecording({ targetName: 'orders', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1000 });
    const raw = JSON.stringify({ type: 'version', jobId: 1, version: '4.3.4' });
    w.writeBatch(id, [resultRow(1, 1100, 'live', JSON.parse(raw) as { type: string }, raw)]);
    await expect(call('recordings.export', { recordingId: id, format: 'cast', path: dir.file('x.cast') })).rejects.toThrow(/is not a terminal's/);
    expect(existsSync(dir.file('x.cast'))).toBe(false);
  });

  for (const [what, text, message] of [
    ['a version 1 file', '{"version":1,"width":80,"height":24,"stdout":[]}\n', /Only asciicast version 2/],
    ['an event line that is not JSON', '{"version":2,"width":80,"height":24}\n[0.1,"o","a"]\n{oops\n', /Line 3 is not JSON/],
    ['a huge size', '{"version":2,"width":99999,"height":24}\n', /width must be a whole number/],
    ['a resize that is not a size', '{"version":2,"width":80,"height":24}\n[0.1,"r","a lot"]\n', /Line 2: a resize is COLSxROWS/],
  ] as const) {
    it(`a hostile .cast (${what}) is refused with a clear message and leaves no recording`, async () => {
      const before = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
      writeFileSync(dir.file('bad.cast'), text);
      await expect(call('recordings.import', { path: dir.file('bad.cast') })).rejects.toThrow(message);
      expect((db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).toBe(before);
    });
  }
});
