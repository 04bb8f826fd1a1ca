import { describe, expect, it } from 'vitest';
import { parseObjectView } from '../../src/shared/diff/object-view-parser';
import { canonical, fromJson } from '../../src/shared/diff/value-tree';
import { loadCaptures } from '../simulator/captures';
import { mathGameCall, seededRandom } from '../simulator/math-game';
import { array, int, list, str, toJson, toObjectView } from '../simulator/object-view';

describe('object-view parser (Arthas 4.x value text)', () => {
  it('parses the tutorial value', () => {
    const text = '@ArrayList[\n    @Object[][\n        @Integer[-170365],\n    ],\n    null,\n    java.lang.IllegalArgumentException: number is: -170365, need >= 2\n\tat demo.MathGame.primeFactors(MathGame.java:46)\n\tat demo.MathGame.run(MathGame.java:24),\n]';
    const n = parseObjectView(text)!;
    expect(n.kind).toBe('list');
    if (n.kind !== 'list') return;
    expect(n.items[0]).toEqual({ kind: 'list', type: 'Object[]', items: [{ kind: 'scalar', type: 'Integer', text: '-170365' }] });
    expect(n.items[1]).toEqual({ kind: 'null' });
    expect(n.items[2]).toMatchObject({ kind: 'exception', type: 'java.lang.IllegalArgumentException', message: 'number is: -170365, need >= 2' });
    expect((n.items[2] as { stack: string[] }).stack).toHaveLength(2);
  });

  it('parses 500 simulator renderings at expand 1 to 4 into the same tree as their 3.x JSON', () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const call = mathGameCall(rand, i % 2 ? 'v1' : 'v2');
      const value = list([call.params, call.returnObj, call.throwExp]);
      const text = toObjectView(value, 4);
      const parsed = parseObjectView(text);
      expect(parsed, text).not.toBeNull();
      // compare values, not type names (JSON has none): strip types through canonical of scalars
      const fromText = canonical(parsed!).replace(/[A-Za-z.]+\{/g, '{');
      const json = fromJson(toJson(value));
      expect(fromText.replace(/!java\.lang\.IllegalArgumentException/g, '!X')).toBe(canonical(json).replace(/!java\.lang\.IllegalArgumentException/g, '!X'));
      expect(parseObjectView(toObjectView(value, 1))).not.toBeNull();
    }
  });

  it('parses collapsed collections, maps, objects, strings with brackets and nested arrays', () => {
    expect(parseObjectView('@ArrayList[isEmpty=false;size=3]')).toEqual({ kind: 'summary', type: 'ArrayList', text: 'isEmpty=false;size=3' });
    expect(parseObjectView('@HashMap[\n    @String[a]:@Integer[1],\n    @String[b]:null,\n]')).toEqual({
      kind: 'map',
      type: 'HashMap',
      entries: [
        { key: { kind: 'scalar', type: 'String', text: 'a' }, value: { kind: 'scalar', type: 'Integer', text: '1' } },
        { key: { kind: 'scalar', type: 'String', text: 'b' }, value: { kind: 'null' } },
      ],
    });
    expect(parseObjectView('@Order[\n    id=@Long[9223372036854775807],\n    note=@String[a [bracketed] note, with commas],\n    items=@ArrayList[isEmpty=true;size=0],\n]')).toEqual({
      kind: 'object',
      type: 'Order',
      fields: [
        { name: 'id', value: { kind: 'scalar', type: 'Long', text: '9223372036854775807' } },
        { name: 'note', value: { kind: 'scalar', type: 'String', text: 'a [bracketed] note, with commas' } },
        { name: 'items', value: { kind: 'summary', type: 'ArrayList', text: 'isEmpty=true;size=0' } },
      ],
    });
    expect(parseObjectView('@int[][\n    @Integer[1],\n    @Integer[2],\n]')).toMatchObject({ kind: 'list', type: 'int[]' });
    expect(parseObjectView('@String[]')).toEqual({ kind: 'scalar', type: 'String', text: '' });
    expect(parseObjectView('@ArrayList[]')).toEqual({ kind: 'list', type: 'ArrayList', items: [] });
    expect(parseObjectView(toObjectView(list([str('x'), array('String', [str('y]')])]), 3))).toMatchObject({ kind: 'list' });
    expect(parseObjectView('null')).toEqual({ kind: 'null' });
    expect(parseObjectView(toObjectView(list([int(1)]), 1))).toEqual({ kind: 'list', type: 'ArrayList', items: [{ kind: 'scalar', type: 'Integer', text: '1' }] });
  });

  it('gives null (so callers fall back to a line diff) for text that is not object view', () => {
    for (const t of ['hello world', '@ArrayList[\n    @Integer[1],\n', '{"a":1}', '@Foo[', '']) expect(parseObjectView(t)).toBeNull();
  });

  it('survives 10,000 levels of nesting without crashing', () => {
    const deep = '@ArrayList[\n'.repeat(10_000) + ']'.repeat(10_000);
    expect(() => parseObjectView(deep)).not.toThrow();
  });

  it('parses every value a real Arthas 4.3.4 sent in the captures (watch, tt, ognl), exceptions included', () => {
    const texts: string[] = [];
    for (const results of Object.values(loadCaptures().commands)) {
      for (const r of results) {
        if ((r.type === 'watch' || r.type === 'ognl') && typeof r.value === 'string') texts.push(r.value);
        if (r.type === 'tt') for (const f of r.timeFragmentList as Array<Record<string, unknown>>) texts.push(String(f.returnObj), String(f.throwExp));
      }
    }
    expect(texts.length).toBeGreaterThanOrEqual(8);
    expect(texts.some((t) => t.includes('Exception'))).toBe(true);
    for (const t of texts) expect(parseObjectView(t), t).not.toBeNull();
    const thrown = texts.map((t) => parseObjectView(t)!).find((n) => n.kind === 'list' && n.items.some((i) => i.kind === 'exception'));
    expect(thrown).toBeDefined();
  });
});
