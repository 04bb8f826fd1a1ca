// The renderer in two languages: both catalogues have the same keys, the same values ({name}) and
// the same plural forms; every message compiles; and no UI text is left outside them (templates,
// and the texts stores and views hand to notices and dialogs). Text in translate="no" (Arthas's own
// vocabulary: its column names and output format, code, the product name) is not UI text.
import { parse } from '@vue/compiler-sfc';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/renderer/src/i18n/en';
import zhCN from '../../src/renderer/src/i18n/zh-CN';
import { i18n, setLocale, systemLocale } from '../../src/renderer/src/i18n';

const RENDERER = resolve(__dirname, '../../src/renderer/src');
/** the viewer of shared pages (its own entry; the same rule) */
const OFFLINE = resolve(__dirname, '../../src/renderer/offline');

function flatten(o: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const names = (m: string): string[] => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!).sort();

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

interface Node {
  type: number;
  content?: string;
  tag?: string;
  props?: Array<{ type: number; name: string; value?: { content: string } }>;
  children?: Node[];
  loc: { start: { line: number } };
}
/** Text nodes with letters, and static attributes people read, outside translate="no". */
function bareText(file: string): string[] {
  const { descriptor } = parse(readFileSync(file, 'utf8'));
  if (!descriptor.template) return [];
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.type === 1 && n.props?.some((p) => p.type === 6 && p.name === 'translate' && p.value?.content === 'no')) return;
    if (n.type === 2 && /\p{L}/u.test(n.content ?? '')) out.push(`${file}:${n.loc.start.line} text "${n.content!.trim()}"`);
    if (n.type === 1)
      for (const p of n.props ?? [])
        if (p.type === 6 && ['placeholder', 'title', 'aria-label', 'alt', 'label'].includes(p.name) && /\p{L}/u.test(p.value?.content ?? '')) out.push(`${file}:${n.loc.start.line} ${p.name}="${p.value!.content}"`);
    for (const c of n.children ?? []) walk(c);
  };
  walk(descriptor.template.ast as unknown as Node);
  return out;
}

describe('languages (vue-i18n: en, zh-CN)', () => {
  const E = flatten(en);
  const Z = flatten(zhCN);

  it('both catalogues have the same keys, values and plural forms, and nothing empty', () => {
    expect([...Z.keys()].sort()).toEqual([...E.keys()].sort());
    expect(E.size).toBeGreaterThan(250);
    for (const [k, v] of E) {
      const z = Z.get(k)!;
      expect(v.trim(), k).not.toBe('');
      expect(z.trim(), k).not.toBe('');
      expect(names(z), k).toEqual(names(v));
      expect(z.split(' | ').length, k).toBe(v.split(' | ').length);
    }
  });

  it('every message compiles and fills its values, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      setLocale(locale);
      for (const [k, v] of E) {
        const params = Object.fromEntries(names(v).map((n) => [n, `<${n}>`]));
        const text = i18n.global.t(k, params, 2);
        expect(text, `${locale} ${k}`).not.toBe(k);
        expect(text, `${locale} ${k}`).not.toMatch(/\{\w+\}/);
        for (const n of names(v)) expect(text, `${locale} ${k}`).toContain(`<${n}>`);
      }
    }
    setLocale('en');
    expect(i18n.global.t('live.gaps', { n: 1 }, 1)).toBe('1 gap');
    expect(i18n.global.t('live.gaps', { n: 3 }, 3)).toBe('3 gaps');
  });

  it('follows the OS language: Chinese systems get zh-CN, others English', () => {
    expect(systemLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(systemLocale(['zh-TW'])).toBe('zh-CN');
    expect(systemLocale(['en-US', 'zh-CN'])).toBe('en');
    expect(systemLocale(['de-DE'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });

  it('no bare UI text in any template', () => {
    const found = [...files(RENDERER, '.vue'), ...files(OFFLINE, '.vue')].flatMap(bareText);
    expect(found).toEqual([]);
  });

  it('no bare UI text handed to notices and dialogs by stores and views', () => {
    const offenders: string[] = [];
    for (const f of [...files(RENDERER, '.vue'), ...files(join(RENDERER, 'stores'), '.ts')]) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\.(guard|ask|prompt)\(\s*['"`]\p{L}/u.test(line) || /\.push\(\s*'(info|warn|error)',\s*['"`]\p{L}/u.test(line) || /acceptHostKey\([^,]+,\s*['"`]/.test(line)) offenders.push(`${f}:${i + 1} ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});

describe("the list's one-line summaries speak the chosen language", () => {
  it('summarizes real 4.3.4 results in 简体中文 and again in English when the language changes back', async () => {
    const { toRow, rowSummary } = await import('../../src/renderer/src/lib/result-row');
    const { loadCaptures } = await import('../simulator/captures');
    const commands = loadCaptures().commands;
    const pick = (command: string, type: string): string => JSON.stringify(commands[command]!.find((r) => r.type === type));
    const live = (raw: string, type: string) => toRow({ pos: 1, type, jobId: 1, origin: 'live', receivedAt: 0, raw });
    try {
      setLocale('en');
      const rows = [live(pick('tt -t demo.MathGame primeFactors -n 2', 'tt'), 'tt'), live(pick('thread -n 3', 'thread'), 'thread'), live(pick('trace demo.MathGame run -n 1', 'trace'), 'trace'), live(pick('trace demo.MathGame run -n 1', 'status'), 'status'), live(pick('trace demo.MathGame run -n 1', 'enhancer'), 'enhancer')];
      const english = rows.map(rowSummary);
      expect(english[1]).toBe('3 busiest threads');
      expect(english[3]).toBe('status 0 (done)');
      expect(english[2]).toMatch(/ demo\.MathGame\.run \(2 nodes\)$/);
      setLocale('zh-CN');
      const chinese = rows.map(rowSummary);
      expect(chinese[1]).toBe('最忙的 3 个线程');
      expect(chinese[3]).toBe('status 0（完成）');
      expect(chinese[2]).toMatch(/ demo\.MathGame\.run（2 个节点）$/);
      expect(chinese[0]).toMatch(/^#\d+ demo\.MathGame\.primeFactors (返回|抛出异常)，用时 [\d.]+ ms/);
      expect(chinese[4]).toMatch(/^已增强 1 个类、1 个方法，用时 \d+ ms$/);
      // no English word of the deck's own left (Arthas's names, units and "status" stay as the terminal has them)
      for (const c of chinese) expect(c.replace(/demo\.MathGame\.\w+|status|ms|rt/g, '')).not.toMatch(/[a-z]{3,}/);
      setLocale('en');
      expect(rows.map(rowSummary)).toEqual(english);
    } finally {
      setLocale('en');
    }
  });
});
