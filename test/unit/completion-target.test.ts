import { describe, expect, it } from 'vitest';
import { completionTarget } from '../../src/shared/arthas/completion-target';

describe('what Tab completes past commands and options', () => {
  it('a class as the first argument, a method as the second', () => {
    expect(completionTarget('watch demo.MathG')).toEqual({ kind: 'class', prefix: 'demo.MathG', head: 'watch ' });
    expect(completionTarget('watch demo.MathGame pri')).toEqual({ kind: 'method', className: 'demo.MathGame', prefix: 'pri', head: 'watch demo.MathGame ' });
    expect(completionTarget('watch demo.MathGame ')).toEqual({ kind: 'method', className: 'demo.MathGame', prefix: '', head: 'watch demo.MathGame ' });
    expect(completionTarget('  jad demo.')).toEqual({ kind: 'class', prefix: 'demo.', head: '  jad ' });
  });

  it('options and their values are not arguments', () => {
    expect(completionTarget('tt -t demo.Ma')).toMatchObject({ kind: 'class', prefix: 'demo.Ma' });
    expect(completionTarget('monitor -c 5 demo.MathGame pr')).toMatchObject({ kind: 'method', className: 'demo.MathGame', prefix: 'pr' });
    expect(completionTarget('sc -d demo.Ma')).toMatchObject({ kind: 'class', prefix: 'demo.Ma' });
    expect(completionTarget('jad -c 3d4eac69 demo.Ma')).toMatchObject({ kind: 'class', prefix: 'demo.Ma' });
  });

  it('nothing to look up: a command name, an option, a third argument, a command without names, text a command line would read', () => {
    expect(completionTarget('wat')).toBeNull();
    expect(completionTarget('watch demo.MathGame -')).toBeNull();
    expect(completionTarget('watch demo.MathGame primeFactors "{par')).toBeNull();
    expect(completionTarget('jad demo.MathGame run')).toBeNull();
    expect(completionTarget('thread 1')).toBeNull();
    expect(completionTarget('watch demo.Math;rm')).toBeNull();
    expect(completionTarget('sc demo.*Game pr')).toBeNull();
  });
});
