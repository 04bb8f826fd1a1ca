import { describe, expect, it } from 'vitest';
import { commandOptions, commandWords } from '../../src/shared/arthas/command-options';

describe("a command's options, for telling its runs apart", () => {
  it('keeps quoted words whole and finds each option with its value, in order', () => {
    expect(commandWords('watch demo.MathGame primeFactors "{params, returnObj}" -b -n 5')).toEqual(['watch', 'demo.MathGame', 'primeFactors', '"{params, returnObj}"', '-b', '-n', '5']);
    expect(commandOptions('watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -b -x 2 -n 6')).toBe('-b -x 2 -n 6');
    expect(commandOptions('watch demo.MathGame primeFactors -e -n 1 -x 2')).toBe('-e -n 1 -x 2');
    expect(commandOptions('trace demo.MathGame run --exclude-class-pattern com.x -n 1')).toBe('--exclude-class-pattern com.x -n 1');
    expect(commandOptions('watch demo.MathGame primeFactors "{params}"')).toBe('');
    // an option inside the expression is not one
    expect(commandOptions('watch demo.MathGame primeFactors "params[0] > -1"')).toBe('');
  });
});
