import { describe, expect, it } from 'vitest';
import { ARTHAS_COMMANDS, complete } from '../../src/shared/arthas/commands';
import { COMMAND_TEXT_ZH_CN } from '../../src/shared/arthas/commands-zh-CN';
import { javaTokens, objectViewTokens } from '../../src/renderer/src/lib/highlight';
import { isContent, summarize, toRow } from '../../src/renderer/src/lib/result-row';
import captures from '../fixtures/arthas-4.3.4/captures.json';

describe('display helpers of the renderer', () => {
  it('summarizes results by type in one line', () => {
    expect(summarize('status', { statusCode: -1, message: 'foo: command not found' })).toEqual({ summary: 'status -1: foo: command not found', level: 'error' });
    expect(summarize('watch', { cost: 0.5, value: '@ArrayList[\n    @Integer[1],\n]' }).summary).toBe('0.5 ms  @ArrayList[ @Integer[1], ]');
    expect(summarize('enhancer', { success: true, effect: { classCount: 1, methodCount: 2, cost: 9 } }).summary).toBe('enhanced 1 class(es), 2 method(s) in 9 ms');
    expect(summarize('message', { message: 'all consumers are unhealthy, current job was interrupted.' }).level).toBe('error');
    expect(summarize('something_new', { a: 1 }).summary).toBe('{"a":1}');
  });

  it('marks a truncated result and keeps a broken one readable', () => {
    const big = toRow({ pos: 3, type: 'ognl', jobId: 0, origin: 'live', receivedAt: 1, raw: null, truncated: { bytes: 52_428_800, preview: 'x' } });
    expect(big.summary).toMatch(/50\.0 MB: too large to show here; the full value is stored/);
    const broken = toRow({ pos: 4, type: 'watch', jobId: 1, origin: 'live', receivedAt: 1, raw: '{"type":' });
    expect(broken.data).toEqual({ type: 'watch', unreadable: '{"type":' });
  });

  it('highlights object-view text and Java source as tokens (text, never markup)', () => {
    const t = objectViewTokens('@ArrayList[\n    @Integer[-5],\n    null,\n    java.lang.IllegalStateException: <b>x</b>\n]');
    expect(t.filter((x) => x.c).map((x) => [x.c, x.s])).toEqual([
      ['type', '@ArrayList'],
      ['type', '@Integer'],
      ['num', '-5'],
      ['null', 'null'],
      ['exc', 'java.lang.IllegalStateException'],
    ]);
    expect(t.map((x) => x.s).join('')).toContain('<b>x</b>');
    const j = javaTokens('public class A { // hi\n  String s = "q"; int n = 42; }');
    expect(j.filter((x) => x.c).map((x) => x.c)).toEqual(['kw', 'kw', 'com', 'str', 'kw', 'num']);
  });

  it('completes command names, then options of the command', () => {
    expect(complete('wa').map((c) => c.text)).toEqual(['watch ']);
    expect(complete('watch demo.MathGame primeFactors -')[0]!.text).toBe('watch demo.MathGame primeFactors -b ');
    expect(complete('nothing -')).toEqual([]);
  });

  it('says what each command and option does in 简体中文 too: every one of them, none left in English', () => {
    for (const c of ARTHAS_COMMANDS) {
      const zh = COMMAND_TEXT_ZH_CN[c.name];
      expect(zh, c.name).toBeDefined();
      expect(Object.keys(zh!.options).sort(), c.name).toEqual(Object.keys(c.options).sort());
    }
    expect(complete('wa', 'zh-CN')).toEqual([{ text: 'watch ', hint: '观察方法的参数、返回值和异常' }]);
    const hints = complete('watch demo.MathGame primeFactors -', 'zh-CN').map((c) => c.hint);
    expect(hints).toEqual(Object.values(COMMAND_TEXT_ZH_CN.watch!.options));
    expect(hints.every((h) => /[\u4e00-\u9fff]/.test(h))).toBe(true);
    expect(complete('wa', 'en')[0]!.hint).toBe(ARTHAS_COMMANDS.find((c) => c.name === 'watch')!.summary);
  });

  it('follow mode picks what a reader came for from a real job: the jad source, or the reason a job failed', () => {
    const rows = (command: string) =>
      (captures.commands as Record<string, Array<Record<string, unknown>>>)[command]!.map((r, i) => toRow({ pos: i + 1, type: String(r.type), jobId: Number(r.jobId), origin: 'live', receivedAt: 1, raw: JSON.stringify(r) }));
    expect(rows('jad demo.MathGame').filter(isContent).map((r) => r.type)).toEqual(['jad']);
    expect(rows('watch demo.MathGame primeFactors -n 2 -x 2').filter(isContent).map((r) => r.type)).toEqual(['watch', 'watch']);
    // a class that is not there: the enhancer's refusal is bookkeeping, the status (-1) says why
    expect(rows('watch no.SuchClass foo -n 1').filter(isContent).map((r) => [r.type, r.data?.statusCode])).toEqual([['status', -1]]);
  });
});
