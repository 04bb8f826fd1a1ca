import { describe, expect, it } from 'vitest';
import { argsOfJavaCommand, isJavaCommand, mainOfJavaCommand } from '../../src/main/jvm/java-command-line';
import { findArthasHome, NO_HOME_HELP } from '../../src/main/jvm/arthas-home';
import { tempDir } from '../support/temp-dir';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

describe('what a Java process runs', () => {
  it('finds the main class or jar past launcher options, as jps -l shows it', () => {
    expect(mainOfJavaCommand(['/usr/bin/java', '-jar', '/opt/math-game.jar'])).toBe('/opt/math-game.jar');
    expect(mainOfJavaCommand(['java', '-Xmx1g', '-cp', 'a.jar:b.jar', '-Dx=y', 'com.acme.Main', '--port', '80'])).toBe('com.acme.Main');
    expect(mainOfJavaCommand(['java', '--add-opens', 'java.base/java.lang=ALL-UNNAMED', '-m', 'app/com.acme.Main'])).toBe('app/com.acme.Main');
    expect(mainOfJavaCommand(['java', '-version'])).toBeNull();
    expect(isJavaCommand(['/usr/lib/jvm/java-17/bin/java', '-jar', 'x.jar'])).toBe(true);
    expect(isJavaCommand(['C:\\Java\\bin\\javaw.exe'])).toBe(true);
    expect(isJavaCommand(['/usr/bin/javac'])).toBe(false);
  });

  it("gives the program's own arguments, past the main class or jar, bounded", () => {
    expect(argsOfJavaCommand(['java', '-Xmx1g', '-cp', 'a.jar', 'com.acme.Main', '--port', '80'])).toBe('--port 80');
    expect(argsOfJavaCommand(['java', '-jar', 'app.jar', 'serve', '-v'])).toBe('serve -v');
    expect(argsOfJavaCommand(['java', '-jar', 'app.jar'])).toBe('');
    expect(argsOfJavaCommand(['java', '-version'])).toBe('');
    expect(argsOfJavaCommand(['java', 'Main', 'x'.repeat(500)], 50)).toHaveLength(50);
  });

  it('finds an Arthas home: the one given, ARTHAS_HOME, then the newest in ~/.arthas/lib; else says what to download', () => {
    const dir = tempDir('arthas-deck-home-');
    const make = (p: string): string => {
      mkdirSync(p, { recursive: true });
      for (const f of ['arthas-core.jar', 'arthas-agent.jar']) writeFileSync(join(p, f), '');
      return p;
    };
    const home = dir.file('user');
    expect(() => findArthasHome(undefined, {}, home)).toThrow(NO_HOME_HELP);
    make(join(home, '.arthas/lib/3.7.2/arthas'));
    const newest = make(join(home, '.arthas/lib/4.3.4/arthas'));
    make(join(home, '.arthas/lib/4.0.10/arthas'));
    expect(findArthasHome(undefined, {}, home)).toBe(newest);
    const env = make(dir.file('env-home'));
    expect(findArthasHome(undefined, { ARTHAS_HOME: env }, home)).toBe(env);
    expect(() => findArthasHome(dir.file('nothing'), {}, home)).toThrow(/is not an Arthas home/);
    dir.remove();
  });
});
