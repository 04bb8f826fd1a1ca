// The terminal's recorded text: escapes stripped as a reader sees it, secrets masked as typed and as
// echoed (a key at a time or pasted whole), lines gathered across frames; asciicast in and out.
import { describe, expect, it } from 'vitest';
import { CastError, parseCastEvent, parseCastHeader, toAsciicast } from '../../src/shared/terminal/asciicast';
import { InputMasker, LineAssembler, plainText } from '../../src/shared/terminal/terminal-frames';

describe('terminal text', () => {
  it('strips colours, cursor moves and OSC titles; applies backspaces; keeps tabs and newlines', () => {
    expect(plainText('\u001b[1;31mERROR\u001b[0m\r\n\u001b]0;title\u0007a\tb')).toBe('ERROR\na\tb');
    // the line editor's redraw after Ctrl-U: eight backspaces and an erase
    expect(plainText('sysprop \b\b\b\b\b\b\b\b\u001b[Kwatch x')).toBe('watch x');
  });

  it('gathers lines across frames, as a key at a time arrives', () => {
    const a = new LineAssembler();
    const lines = ['[arthas@1]$ ', 'v', 'e', 'r', '\r\n', '4.3.4', '\r\n', '[arthas@1]$ '].flatMap((f) => a.push(f));
    expect(lines).toEqual(['[arthas@1]$ ver', '4.3.4']);
  });
});

describe('masking what is typed', () => {
  it('the rest of an auth line, keystroke by keystroke, and its echo', () => {
    const m = new InputMasker();
    const typed = [...'auth pw9\r'].map((k) => m.mask(k, 0)).join('');
    expect(typed).toBe('auth ***\r');
    // the echo came after the line ended (a fast typist, a paste): masked all the same
    expect(['a', 'u', 't', 'h', ' ', 'p', 'w', '9', '\r\n'].map((o) => m.maskOutput(o, 10)).join('')).toBe('auth ***\r\n');
  });

  it('a pasted line with -n and a --password argument', () => {
    const m = new InputMasker();
    expect(m.mask('auth -n admin s3cret\r', 0)).toBe('auth -n admin ******\r');
    expect(m.mask('tunnel --password hunter2 --x 1\r', 0)).toBe('tunnel --password ******* --x 1\r');
    // the echo as the line editor sends it: colours between characters do not hide a secret
    expect(m.maskOutput('auth -n admin s3\u001b[0mcret\r\n', 5)).toBe('auth -n admin **\u001b[0m****\r\n');
  });

  it('an ordinary command is not masked, and output that is not an echo passes', () => {
    const m = new InputMasker();
    expect(m.mask('watch demo.MathGame primeFactors\r', 0)).toBe('watch demo.MathGame primeFactors\r');
    expect(m.maskOutput('Press Q or Ctrl+C to abort.\r\n', 1)).not.toContain('*');
  });

  it('an echo that never comes is no longer expected after a while', () => {
    const m = new InputMasker();
    m.mask('auth 中\r', 0); // Arthas rings the bell for typed CJK instead of echoing it
    expect(m.maskOutput('auth \u0007\r\nok', 10_000)).toBe('auth \u0007\r\nok');
  });
});

describe('asciicast v2', () => {
  const frames = [
    { at: 1000, frame: { type: 'terminal' as const, resize: { cols: 100, rows: 30 } } },
    { at: 1500, frame: { type: 'terminal' as const, out: '[arthas@1]$ ' } },
    { at: 2250, frame: { type: 'terminal' as const, in: 'v' } },
    { at: 2250, frame: { type: 'terminal' as const, line: 'not an event' } },
  ];

  it('writes a header and events in seconds from the start, and reads them back', () => {
    const text = toAsciicast(frames, { startedAt: 1000, title: 'math-game' });
    const [head, ...events] = text.trimEnd().split('\n');
    expect(JSON.parse(head!)).toEqual({ version: 2, width: 100, height: 30, timestamp: 1, title: 'math-game', env: { TERM: 'xterm-256color' } });
    expect(events.map((e) => JSON.parse(e) as unknown)).toEqual([[0.5, 'o', '[arthas@1]$ '], [1.25, 'i', 'v']]);
    const h = parseCastHeader(head!);
    expect(events.map((e, i) => parseCastEvent(e, i + 2, (h.timestamp ?? 0) * 1000))).toEqual(frames.slice(1, 3));
  });

  for (const [what, line, message] of [
    ['a version 1 file', '{"version":1,"width":80,"height":24}', /Only asciicast version 2/],
    ['a header that is not JSON', 'not json', /Line 1 is not JSON/],
    ['a width of a million', '{"version":2,"width":1000000,"height":24}', /width must be a whole number/],
  ] as const) {
    it(`refuses ${what}`, () => expect(() => parseCastHeader(line)).toThrow(message));
  }

  for (const [what, line, message] of [
    ['an event that is not an array', '{"t":1}', /Line 7 is not an event/],
    ['a negative time', '[-1,"o","x"]', /the time must be seconds/],
    ['a resize that is not COLSxROWS', '[1,"r","wide"]', /a resize is COLSxROWS/],
    ['an event larger than the limit', `[1,"o","${'x'.repeat(20)}"]`, /larger than 10/],
  ] as const) {
    it(`refuses ${what}, naming its line`, () => expect(() => parseCastEvent(line, 7, 0, { events: 10, eventChars: 10 })).toThrow(CastError));
    it(`says why for ${what}`, () => expect(() => parseCastEvent(line, 7, 0, { events: 10, eventChars: 10 })).toThrow(message));
  }

  it('keeps no marker events (kind "m")', () => expect(parseCastEvent('[1,"m","chapter"]', 2, 0)).toBeNull());
});
