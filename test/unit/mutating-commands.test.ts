import { describe, expect, it } from 'vitest';
import { jvmChangeOf } from '../../src/shared/arthas/mutating-commands';

describe('commands that change the JVM', () => {
  it('are named with the reason; looking commands are not', () => {
    for (const c of ['stop', 'reset demo.MathGame', 'redefine /tmp/MathGame.class', 'retransform /tmp/A.class', 'mc /tmp/A.java', 'vmtool --action forceGc', 'tt -p -i 1000', 'logger --name ROOT --level debug', 'options unsafe true', 'ognl "@demo.MathGame@random=null"', 'heapdump /tmp/x.hprof', 'profiler start']) {
      expect(jvmChangeOf(c), c).not.toBeNull();
    }
    for (const c of ['watch demo.MathGame primeFactors -n 3', 'trace demo.MathGame run', 'thread', 'ognl "@java.lang.System@getProperty(\'java.version\') == null"', 'options', 'logger', 'vmtool --action getInstances --className demo.MathGame', 'tt -t demo.MathGame primeFactors', 'jad demo.MathGame', 'sc -d demo.*']) {
      expect(jvmChangeOf(c), c).toBeNull();
    }
  });
});
