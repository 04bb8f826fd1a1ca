// The workload the simulator pretends to observe: Arthas's demo.MathGame, whose run() calls
// primeFactors(n) with a random n (negative n throws IllegalArgumentException).
import type { JavaValue } from './object-view';
import { array, int, list } from './object-view';

/** mulberry32: a small seeded PRNG so two runs can see the same calls */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function primeFactors(n: number): number[] {
  const out: number[] = [];
  let x = n;
  for (let p = 2; p * p <= x; p++) {
    while (x % p === 0) {
      out.push(p);
      x /= p;
    }
  }
  if (x > 1) out.push(x);
  return out;
}

export interface MathGameCall {
  /** the argument n */
  n: number;
  params: JavaValue;
  /** the MathGame instance (`target`) as it is after the call */
  target: JavaValue;
  returnObj: JavaValue;
  throwExp: JavaValue;
  cost: number;
}

/**
 * variant 'v1' is the demo as shipped; 'v2' is "after a change": the factors come back in
 * descending order and numbers under 2 return an empty list instead of throwing.
 */
/** The demo's one instance: it counts the arguments it refused. */
export interface MathGameState {
  illegalArgumentCount: number;
}

const target = (game: MathGameState): JavaValue => ({
  kind: 'object',
  className: 'demo.MathGame',
  identity: '446ffefe',
  fields: [
    ['random', { kind: 'object', className: 'java.util.Random', identity: '3d7ff0e', fields: [] }],
    ['illegalArgumentCount', int(game.illegalArgumentCount)],
  ],
});

export function mathGameCall(rand: () => number, variant: 'v1' | 'v2' = 'v1', game: MathGameState = { illegalArgumentCount: 0 }): MathGameCall {
  const n = Math.floor(rand() * 200000) - 50000;
  const cost = Math.round((0.01 + rand() * 0.2) * 1e6) / 1e6;
  const params = array('Object', [int(n)]);
  if (n < 2) {
    if (variant === 'v2') return { n, params, target: target(game), returnObj: list([]), throwExp: null, cost };
    game.illegalArgumentCount++;
    return {
      n,
      params,
      target: target(game),
      returnObj: null,
      throwExp: {
        kind: 'exception',
        className: 'java.lang.IllegalArgumentException',
        message: `number is: ${n}, need >= 2`,
        frames: [
          { className: 'demo.MathGame', methodName: 'primeFactors', fileName: 'MathGame.java', lineNumber: 46 },
          { className: 'demo.MathGame', methodName: 'run', fileName: 'MathGame.java', lineNumber: 24 },
          { className: 'demo.MathGame', methodName: 'main', lineNumber: 16 },
        ],
      },
      cost,
    };
  }
  const factors = primeFactors(n);
  if (variant === 'v2') factors.reverse();
  return { n, params, target: target(game), returnObj: list(factors.map(int)), throwExp: null, cost };
}
