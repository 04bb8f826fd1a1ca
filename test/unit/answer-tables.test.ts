// Answers laid out as Arthas 4.3.4's terminal lays them out, from real captures of each
// (test/fixtures/arthas-4.3.4/views.json, written by `npm run capture:arthas -- views`): every cell
// is the stored JSON's value, in the terminal's order and under its column names.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerLayout, chainText } from '../../src/shared/display/answer-tables';

type R = Record<string, unknown>;
const views = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/arthas-4.3.4/views.json'), 'utf8')) as { commands: Record<string, R[]> };
const answer = (command: string, type: string): R[] => views.commands[command]!.filter((r) => r.type === type);
const one = (command: string, type: string): R => answer(command, type)[0]!;

describe("answers as Arthas's terminal lays them out (real 4.3.4 captures)", () => {
  it('sm: a line a method, its descriptor as the JVM writes it; -d the key-value table of sm -d', () => {
    const lines = answer('sm demo.MathGame', 'sm').map((r) => answerLayout('sm', r)!.line);
    expect(lines).toContain('demo.MathGame primeFactors(I)Ljava/util/List;');
    expect(lines).toContain('demo.MathGame <init>()V');
    const detail = one('sm -d demo.MathGame primeFactors', 'sm');
    const d = answerLayout('sm', detail)!.tables[0]!;
    expect(d.keyed).toBe(true);
    expect(d.rows).toEqual([
      ['declaring-class', 'demo.MathGame'],
      ['method-name', 'primeFactors'],
      ['modifier', 'public'],
      ['annotation', ''],
      ['parameters', 'int'],
      ['return', 'java.util.List'],
      ['exceptions', ''],
      ['classLoaderHash', (detail.methodInfo as R).classLoaderHash],
    ]);
  });

  it('sc -d: the class-info table, super classes and class loaders drawn as chains', () => {
    const c = one('sc -d demo.MathGame', 'sc');
    const rows = new Map(answerLayout('sc', c)!.tables[0]!.rows.map(([k, v]) => [k, v]));
    const info = c.classInfo as R;
    expect([...rows.keys()].slice(0, 4)).toEqual(['class-info', 'code-source', 'name', 'isInterface']);
    expect(rows.get('code-source')).toBe(info.codeSource);
    expect(rows.get('isInterface')).toBe('false');
    expect(rows.get('super-class')).toBe('+-java.lang.Object');
    expect(rows.get('class-loader')).toBe(`+-${(info.classloader as string[])[0]}\n  +-${(info.classloader as string[])[1]}`);
    expect(rows.get('classLoaderHash')).toBe(info.classLoaderHash);
  });

  it('classloader: the stats table; -l the loaders with their parents; -t each under its parent', () => {
    const stats = one('classloader', 'classloader');
    const t = answerLayout('classloader', stats)!.tables[0]!;
    expect(t.head).toEqual(['name', 'numberOfInstances', 'loadedCountTotal']);
    expect(t.rows).toEqual(Object.entries(stats.classLoaderStats as Record<string, { numberOfInstance: number; loadedCount: number }>).map(([n, s]) => [n, String(s.numberOfInstance), String(s.loadedCount)]));
    const l = answerLayout('classloader', one('classloader -l', 'classloader'))!.tables[0]!;
    expect(l.head).toEqual(['name', 'loadedCount', 'hash', 'parent']);
    expect(l.rows[0]).toEqual(['BootstrapClassLoader', expect.stringMatching(/^\d+$/), 'null', '']);
    const tree = answerLayout('classloader', one('classloader -t', 'classloader'))!.line!.split('\n');
    expect(tree[0]).toBe('+-BootstrapClassLoader');
    expect(tree.some((l) => /^\+-jdk\.internal\.loader\.ClassLoaders\$PlatformClassLoader@\w+$/.test(l))).toBe(true);
    expect(tree.some((l) => /^ {2}\+-jdk\.internal\.loader\.ClassLoaders\$AppClassLoader@\w+$/.test(l))).toBe(true);
    expect(tree.some((l) => /^ {4}\+-com\.alibaba\.fastjson2\.util\.DynamicClassLoader@/.test(l))).toBe(true);
  });

  it('logger, sysenv, vmoption, perfcounter, options: the columns and rows Arthas prints', () => {
    const logger = answerLayout('logger', one('logger', 'logger'))!.tables[0]!;
    expect(logger.title).toBe('ROOT');
    expect(logger.rows.map((r) => r[0])).toEqual(['name', 'class', 'classLoader', 'classLoaderHash', 'level', 'effectiveLevel', 'additivity', 'codeSource', 'appenders']);
    expect(logger.rows.find((r) => r[0] === 'appenders')![1]).toContain('target System.out');
    const env = one('sysenv', 'sysenv');
    expect(answerLayout('sysenv', env)!.tables[0]!.rows).toEqual(Object.entries(env.env as R).map(([k, v]) => [k, v]));
    const vm = one('vmoption', 'vmoption');
    const vmt = answerLayout('vmoption', vm)!.tables[0]!;
    expect(vmt.head).toEqual(['KEY', 'VALUE', 'ORIGIN', 'WRITEABLE']);
    expect(vmt.rows[0]).toEqual(['HeapDumpBeforeFullGC', 'false', 'DEFAULT', 'true']);
    const perf = answerLayout('perfcounter', one('perfcounter', 'perfcounter'))!.tables[0]!;
    expect(perf.head).toEqual(['Name', 'Value']);
    expect(perf.rows).toContainEqual(['java.property.java.version', '17.0.15']);
    const opts = answerLayout('options', one('options', 'options'))!.tables[0]!;
    expect(opts.head).toEqual(['LEVEL', 'TYPE', 'NAME', 'VALUE', 'SUMMARY', 'DESCRIPTION']);
    expect(opts.rows[0]!.slice(0, 5)).toEqual(['0', 'boolean', 'unsafe', 'false', 'Option to support system-level class']);
  });

  it('memory as memory prints it (max -1 where the pool has no limit); mbean names a line each, attributes NAME VALUE with lists as Java prints them', () => {
    const mem = answerLayout('memory', one('memory', 'memory'))!.tables[0]!;
    expect(mem.head).toEqual(['Memory', 'used', 'total', 'max', 'usage']);
    expect(mem.rows.find((r) => r[0] === 'g1_eden_space')![3]).toBe('-1');
    expect(mem.rows[0]![0]).toBe('heap');
    const names = answerLayout('mbean', one('mbean', 'mbean'))!.tables[0]!.rows;
    expect(names).toContainEqual(['java.lang:type=Threading']);
    const attrs = answerLayout('mbean', one('mbean java.lang:type=Threading', 'mbean'))!.tables[0]!;
    expect(attrs.title).toBe('java.lang:type=Threading');
    expect(attrs.head).toEqual(['NAME', 'VALUE']);
    expect(attrs.rows.find((r) => r[0] === 'AllThreadIds')![1]).toMatch(/^\[1, 2, 3, /);
    expect(attrs.rows.find((r) => r[0] === 'ThreadContentionMonitoringSupported')![1]).toBe('true');
  });

  it("getstatic and vmtool: their object-view text as watch's values are shown, getstatic under field: <name>", () => {
    const g = one('getstatic demo.MathGame random', 'getstatic');
    expect(answerLayout('getstatic', g)!.value).toEqual({ label: 'field: random', value: g.field });
    expect(String(g.field)).toMatch(/^@Random\[/);
    const v = one('vmtool --action getInstances --className demo.MathGame --limit 2', 'vmtool');
    expect(answerLayout('vmtool', v)!.value).toEqual({ value: v.value });
    expect(chainText(['a', 'b', 'c'])).toBe('+-a\n  +-b\n    +-c');
  });
});
