// Tab's class and method names, asked of a real Arthas 4.3.4 (math-game) outside any user session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionTarget, type CompletionTarget } from '../../src/shared/arthas/completion-target';
import { ArthasClient } from '../../src/main/arthas/client';
import { NameCompleter, type NameSource } from '../../src/main/completion/name-completer';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas name completion skipped: ${why}`);

describe.skipIf(skipOrFail(why))('class and method names for Tab, from a real Arthas 4.3.4', () => {
  let target: RealTarget;
  let client: ArthasClient;
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'math-game' });
    client = new ArthasClient({ url: target.arthas.url });
  }, 120_000);
  afterAll(async () => {
    await target?.close();
  });

  /** the client, counting what it asked */
  function counted(): NameSource & { asked: string[] } {
    const asked: string[] = [];
    return { asked, exec: (command, opts) => (asked.push(command), client.exec(command, opts)) };
  }
  const at = (input: string): CompletionTarget => completionTarget(input)!;

  it('completes a class from the JVM, then its methods, each asked once per session', async () => {
    const completer = new NameCompleter();
    const source = counted();
    expect(await completer.complete(source, 's1', at('watch demo.MathG'))).toEqual([{ text: 'watch demo.MathGame ', hint: 'class' }]);
    const methods = await completer.complete(source, 's1', at('watch demo.MathGame pri'));
    expect(methods.map((m) => m.text)).toEqual(['watch demo.MathGame primeFactors ', 'watch demo.MathGame print ']);
    expect(methods[0]!.hint).toBe('demo.MathGame (I)Ljava/util/List;');
    // a longer prefix and the same class again: answered from what the session already has
    expect(await completer.complete(source, 's1', at('trace demo.MathGa'))).toHaveLength(1);
    expect((await completer.complete(source, 's1', at('stack demo.MathGame '))).map((m) => m.text.split(' ')[2])).toEqual(['<init>', 'main', 'primeFactors', 'print', 'run']);
    expect(source.asked).toEqual(['sc demo.MathG*', 'sm demo.MathGame']);
    // another session asks again
    await completer.complete(source, 's2', at('watch demo.MathG'));
    expect(source.asked).toHaveLength(3);
  }, 60_000);

  it('a JDK package by prefix, a name the JVM does not have, and too short a prefix to ask about', async () => {
    const completer = new NameCompleter();
    const source = counted();
    const found = await completer.complete(source, 's', at('jad java.util.concurrent.ConcurrentHashM'));
    expect(found.map((f) => f.text)).toContain('jad java.util.concurrent.ConcurrentHashMap ');
    expect(found.every((f) => f.text.startsWith('jad java.util.concurrent.ConcurrentHashM'))).toBe(true);
    expect(await completer.complete(source, 's', at('watch no.such.Clas'))).toEqual([]);
    expect(await completer.complete(source, 's', at('watch d'))).toEqual([]);
    expect(source.asked).toEqual(['sc java.util.concurrent.ConcurrentHashM*', 'sc no.such.Clas*']);
  }, 60_000);
});
