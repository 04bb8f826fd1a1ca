// tt's parameters come wrapped in Arthas's ObjectVO ({expand, object}); the view prints them as
// `tt -i` does (param[0]=@Integer[212574]), held to the real 4.3.4 capture.
import { describe, expect, it } from 'vitest';
import { isObjectVO, unwrapObjectVO } from '../../src/shared/display/object-vo';
import captures from '../fixtures/arthas-4.3.4/captures.json';

const ttFragment = (): Record<string, unknown> => {
  const c = (captures as unknown as { commands: Record<string, Array<Record<string, unknown>>> }).commands['tt -t demo.MathGame primeFactors -n 2']!;
  return (c.find((r) => r.type === 'tt')!.timeFragmentList as Array<Record<string, unknown>>)[0]!;
};

describe("Arthas's ObjectVO, unwrapped", () => {
  it("a real tt parameter of math-game's primeFactors(int) prints as the terminal prints it", () => {
    const params = ttFragment().params as unknown[];
    expect(params.length).toBe(1);
    expect(isObjectVO(params[0])).toBe(true);
    const n = (params[0] as { object: number }).object;
    expect(unwrapObjectVO(params[0])).toEqual({ text: `@Integer[${n}]`, value: n, inferred: true });
  });

  it('names each scalar by its JSON form, says the class is inferred, and hands objects on unwrapped', () => {
    expect(unwrapObjectVO({ expand: 1, object: 2 ** 31 }).text).toBe(`@Long[${2 ** 31}]`);
    expect(unwrapObjectVO({ expand: 1, object: -(2 ** 31) }).text).toBe(`@Integer[${-(2 ** 31)}]`);
    expect(unwrapObjectVO({ expand: 1, object: 1.5 }).text).toBe('@Double[1.5]');
    expect(unwrapObjectVO({ expand: 1, object: 'ok' })).toEqual({ text: '@String[ok]', value: 'ok', inferred: true });
    expect(unwrapObjectVO({ expand: 1, object: false }).text).toBe('@Boolean[false]');
    expect(unwrapObjectVO({ expand: 1, object: null })).toEqual({ text: 'null', value: null, inferred: false });
    expect(unwrapObjectVO({ expand: 2, object: { id: 7 } })).toEqual({ text: null, value: { id: 7 }, inferred: false });
    // not the wrapper: left as it is
    expect(unwrapObjectVO({ expand: 1, object: 2, more: 3 })).toEqual({ text: null, value: { expand: 1, object: 2, more: 3 }, inferred: false });
    expect(unwrapObjectVO('@Integer[5]')).toEqual({ text: null, value: '@Integer[5]', inferred: false });
  });
});
