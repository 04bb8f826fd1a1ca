// The desktop shell's decisions, tested without the Electron binary: paths, opened files, startup
// failures, the page location, window placement, the dev-only CSP, and the scripts' exit codes.
import { distExitCode, electronRebuildArgs, failureMessage, nodeRebuildEnv } from '../../scripts/dist-plan.mjs';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy, withDevCsp } from '../../src/main/host/csp';
import { openDatabase } from '../../src/main/recorder/db';
import { APP_DIR_NAME, defaultUserDataDir } from '../../src/main/recorder/paths';
import { DeckService, type SecretBox } from '../../src/main/api/deck-service';
import { appMode } from '../../src/main/shell/app-command-line';
import { keychainUsable } from '../../src/main/shell/keychain';
import { oneAtATime } from '../../src/main/shell/one-at-a-time';
import { OpenedFiles, recordingPaths } from '../../src/main/shell/opened-files';
import { isAppPage, rendererEntry } from '../../src/main/shell/renderer-location';
import { describeStartupFailure } from '../../src/main/shell/startup-failure';
import { fitToScreens } from '../../src/main/shell/window-bounds';
import { afterSettling } from '../../src/main/shell/settle';
import { RendererRecovery } from '../../src/main/shell/renderer-recovery';
import { tempDir } from '../support/temp-dir';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; productName: string; desktopName?: string; engines: { node: string } };

describe('one database for the app and the headless tools', () => {
  it("is the userData folder Electron would use for the product name, per OS", () => {
    expect(pkg.productName).toBe(APP_DIR_NAME);
    expect(defaultUserDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Arthas Deck');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg/Arthas Deck');
    expect(defaultUserDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Arthas Deck');
    expect(defaultUserDataDir('win32', { APPDATA: 'C:/Users/ann/AppData/Roaming' }, 'C:/Users/ann')).toBe(join('C:/Users/ann/AppData/Roaming', 'Arthas Deck'));
  });

  it('the built main process sets userData from that function, not from package.json\'s name', () => {
    const main = readFileSync(join(ROOT, 'out/main/index.js'), 'utf8');
    expect(main).toMatch(/setPath\(\s*["']userData["']/);
    expect(main).not.toContain('file://');
    expect(main).toMatch(/loadFile\(/);
  });
});

describe('files the OS asks the app to open', () => {
  it('takes recordings from a command line, any case of the extension, relative to the caller', () => {
    expect(recordingPaths(['--no-sandbox', 'a.ARTHASREC', '/abs/b.arthasrec', 'c.txt', 'sub dir/d.ArthasRec'], '/work/here')).toEqual([
      '/work/here/a.ARTHASREC',
      '/abs/b.arthasrec',
      '/work/here/sub dir/d.ArthasRec',
    ]);
  });

  it('takes the file: URLs Linux file managers pass through the .desktop entry (%U)', () => {
    expect(recordingPaths(['file:///home/u/My%20Rec.arthasrec', 'file:///home/u/notes.txt', 'file://bad host/x.arthasrec'], '/work/here')).toEqual(['/home/u/My Rec.arthasrec']);
  });

  it('creates one window at a time: open-file and activate asking at once get the same creation', async () => {
    let runs = 0;
    let release!: () => void;
    const create = oneAtATime(async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
    });
    const a = create();
    const b = create();
    expect(a).toBe(b);
    release();
    await Promise.all([a, b]);
    expect(runs).toBe(1);
    const c = create();
    release();
    await c;
    expect(runs).toBe(2);
  });

  it('queues files until the renderer takes them, then delivers; queues again while there is no window', () => {
    const sent: string[] = [];
    let window = true;
    const q = new OpenedFiles((p) => window && sent.push(p) > 0);
    q.add('/a.arthasrec');
    q.add('/a.arthasrec');
    expect(sent).toEqual([]);
    expect(q.take()).toEqual(['/a.arthasrec']);
    q.add('/b.arthasrec');
    expect(sent).toEqual(['/b.arthasrec']);
    q.pause();
    window = false;
    q.add('/c.arthasrec');
    expect(q.take()).toEqual(['/c.arthasrec']);
  });
});

describe('what a start is for: the window, or MCP over stdio with none', () => {
  it('opens the window unless --mcp-stdio is given, whatever Electron switches or files stand beside', () => {
    expect(appMode(['/opt/Arthas Deck/arthas-deck'], '/home/u')).toEqual({ kind: 'window' });
    expect(appMode(['/opt/Arthas Deck/arthas-deck', '--no-sandbox', 'file:///home/u/a.arthasrec'], '/home/u')).toEqual({ kind: 'window' });
    // `electron .` in a checkout passes the app folder first
    expect(appMode(['electron', '.', '--mcp-stdio'], '/home/u')).toEqual({ kind: 'mcp-stdio' });
  });

  it('--db names the database, relative to where the assistant started the app; a missing value is a usage error', () => {
    expect(appMode(['Arthas Deck.exe', '--mcp-stdio', '--db', 'team.db'], '/work', 'linux')).toEqual({ kind: 'mcp-stdio', db: resolve('/work', 'team.db') });
    expect(appMode(['Arthas Deck.exe', '--db=/data/deck.db', '--mcp-stdio'], '/work', 'linux')).toEqual({ kind: 'mcp-stdio', db: '/data/deck.db' });
    const missing = appMode(['arthas-deck', '--mcp-stdio', '--db'], '/work');
    expect(missing.kind).toBe('usage-error');
    expect((missing as { message: string }).message).toMatch(/^--db needs a file\.\nusage: arthas-deck/);
    expect(appMode(['arthas-deck', '--mcp-stdio', '--db', '--no-sandbox'], '/work').kind).toBe('usage-error');
  });

  it('refuses --mcp-stdio in the Windows app, which has no standard input, and says what to use there (#37.3)', () => {
    const m = appMode(['Arthas Deck.exe', '--mcp-stdio'], 'C:\\Users\\u', 'win32');
    expect(m.kind).toBe('usage-error');
    expect((m as { message: string }).message).toMatch(/electron\/electron#21705[\s\S]*Serve MCP over HTTP on 127\.0\.0\.1[\s\S]*npm run mcp/);
    expect(appMode(['Arthas Deck.exe'], 'C:\\Users\\u', 'win32')).toEqual({ kind: 'window' });
    expect(appMode(['arthas-deck', '--mcp-stdio'], '/home/u', 'linux')).toEqual({ kind: 'mcp-stdio' });
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('**Not on Windows**');
  });

  it('the built main process serves MCP over stdio before it asks for the single-instance lock, so it runs beside the window', () => {
    const main = readFileSync(join(ROOT, 'out/main/index.js'), 'utf8');
    const dispatch = main.indexOf('mcp-stdio');
    expect(dispatch).toBeGreaterThan(-1);
    // the lock is taken only inside the windowed start
    expect(main.match(/requestSingleInstanceLock\(\)/g)).toHaveLength(1);
    expect(main).toMatch(/function startWindowedApp\(\)\s*\{\s*if \(!\w+\.app\.requestSingleInstanceLock\(\)\)/);
  });
});

describe('startup failures say what and where', () => {
  const dir = tempDir('arthas-deck-startup-');
  it('a damaged database file', () => {
    const file = dir.file('damaged.db');
    writeFileSync(file, 'this is not a database, just text that is long enough to fill a header page…'.repeat(100));
    let error: unknown;
    try {
      openDatabase(file).close();
    } catch (e) {
      error = e;
    }
    const f = describeStartupFailure(error, file);
    expect(f.title).toBe('The recordings database is damaged');
    expect(f.message).toContain(file);
  });

  it('a database written by a newer version', () => {
    const file = dir.file('newer.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    let error: unknown;
    try {
      openDatabase(file).close();
    } catch (e) {
      error = e;
    }
    expect(describeStartupFailure(error, file).title).toBe('The recordings database is from a newer Arthas Deck');
  });

  it('a database another process holds locked', () => {
    const file = dir.file('locked.db');
    const holder = new Database(file);
    holder.pragma('journal_mode = DELETE');
    holder.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);');
    let error: unknown;
    try {
      const other = new Database(file, { timeout: 50 });
      other.pragma('user_version');
      other.close();
    } catch (e) {
      error = e;
    }
    holder.exec('ROLLBACK');
    holder.close();
    expect(describeStartupFailure(error, file).title).toBe('The recordings database is in use');
  });

  it('a native module built for another runtime', () => {
    const e = new Error("The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.");
    expect(describeStartupFailure(e, '/x.db').title).toBe('The SQLite module does not fit this Electron');
  });
});

describe('the page the window loads', () => {
  it('is the built file in a packaged app, whatever ELECTRON_RENDERER_URL says; a file URL right for odd paths', () => {
    const odd = '/opt/My Apps/deck#1/50% off?/renderer/index.html';
    const packaged = rendererEntry({ packaged: true, devUrl: 'http://localhost:5173', indexHtml: odd });
    expect(packaged.kind).toBe('file');
    expect(packaged.url).toBe('file:///opt/My%20Apps/deck%231/50%25%20off%3F/renderer/index.html');
    expect(isAppPage(packaged.url, packaged)).toBe(true);
    expect(isAppPage('file:///opt/other/index.html', packaged)).toBe(false);
    const dev = rendererEntry({ packaged: false, devUrl: 'http://localhost:5173', indexHtml: odd });
    expect(dev).toEqual({ kind: 'dev', url: 'http://localhost:5173' });
    expect(isAppPage('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppPage('http://evil.example/', dev)).toBe(false);
    expect(rendererEntry({ packaged: false, devUrl: 'http://evil.example:5173', indexHtml: odd }).kind).toBe('file');
  });

  it('on Windows compares the frame with the page as paths: a lower-case drive letter and a raw % in the folder still match', () => {
    const entry = { kind: 'file' as const, path: 'c:\\dev\\50% deck\\out\\renderer\\index.html', url: 'file:///c:/dev/50%25%20deck/out/renderer/index.html' };
    // what Chromium reports after loadFile: the drive letter upper-cased, the % left as it was
    expect(isAppPage('file:///C:/dev/50%%20deck/out/renderer/index.html', entry, 'win32')).toBe(true);
    expect(isAppPage('file:///C:/dev/50%25%20deck/out/renderer/index.html#/replay', entry, 'win32')).toBe(true);
    expect(isAppPage('file:///C:/dev/other/out/renderer/index.html', entry, 'win32')).toBe(false);
    expect(isAppPage('https://evil.example/index.html', entry, 'win32')).toBe(false);
    // elsewhere, case matters
    const posixEntry = rendererEntry({ packaged: true, indexHtml: '/opt/Deck/renderer/index.html' });
    expect(isAppPage('file:///opt/deck/renderer/index.html', posixEntry, 'linux')).toBe(false);
    expect(isAppPage('file:///opt/Deck/renderer/index.html', posixEntry, 'linux')).toBe(true);
  });

  it('a folder named with %20 in it: the page is known by the URL the window reported, and no other page passes', () => {
    const entry = rendererEntry({ packaged: true, indexHtml: '/home/u/My%20Apps/Deck/resources/app.asar/out/renderer/index.html' });
    // Chromium reports the folder as it stands: read as a URL, "%20" would be a space, another folder
    const reported = 'file:///home/u/My%20Apps/Deck/resources/app.asar/out/renderer/index.html';
    expect(isAppPage(reported, entry, 'linux')).toBe(false);
    expect(isAppPage(`${reported}#/replay`, entry, 'linux', reported)).toBe(true);
    expect(isAppPage('file:///home/u/My%20Apps/Deck/other.html', entry, 'linux', reported)).toBe(false);
    expect(isAppPage('https://evil.example/index.html', entry, 'linux', reported)).toBe(false);
  });

  it('a location of another machine a file manager passes (sftp://, smb:// through GVFS) is refused with words that say so', async () => {
    expect(recordingPaths(['sftp://build-host/home/u/slow.arthasrec', 'smb://nas/share/notes.txt'], '/work/here')).toEqual(['sftp://build-host/home/u/slow.arthasrec']);
    const dir = tempDir('arthas-deck-gvfs-');
    const db = openDatabase(dir.file('g.db'));
    const deck = new DeckService({ db, databasePath: dir.file('g.db'), mode: 'electron', version: 't', searchIndex: false });
    try {
      await expect(deck.call('recordings.import', { path: 'sftp://build-host/home/u/slow.arthasrec' })).rejects.toThrow(/is not on this computer's disk \(a sftp: location.*Copy it to a folder here, or mount it \(gio mount\)/);
    } finally {
      await deck.shutdown();
      db.close();
      dir.remove();
    }
  });

  it('the Linux packages open files as local paths (%F) and name the .desktop file as Electron names the window (Wayland docks)', () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/executableArgs:\n\s+- '%F'/);
    expect(yml).toContain('syncDesktopName: true');
    expect(pkg.desktopName).toBe('arthas-deck.desktop');
  });

  it('keeps the strict CSP everywhere but the dev server, which may inject styles and use its socket', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self';");
    expect(devContentSecurityPolicy('http://localhost:5173')).toContain("style-src 'self' 'unsafe-inline'");
    expect(devContentSecurityPolicy('http://localhost:5173')).toContain('connect-src \'self\' ws://localhost:5173');
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8');
    expect(withDevCsp(html)).toContain("'unsafe-inline'");
    expect(readFileSync(join(ROOT, 'out/renderer/index.html'), 'utf8')).not.toContain('unsafe-inline');
    expect(readFileSync(join(ROOT, 'electron.vite.config.ts'), 'utf8')).toMatch(/apply: 'serve'/);
  });
});

describe('saved passwords and the system keychain', () => {
  it("treats safeStorage's basic_text backend (Linux without a keyring) as no keychain", () => {
    expect(keychainUsable(true, 'gnome_libsecret')).toBe(true);
    expect(keychainUsable(true, 'kwallet6')).toBe(true);
    expect(keychainUsable(true, 'basic_text')).toBe(false);
    expect(keychainUsable(true, 'unknown')).toBe(false);
    expect(keychainUsable(true)).toBe(true); // macOS, Windows
    expect(keychainUsable(false)).toBe(false);
  });

  it('without a keychain keeps a password in memory only and says so; a password the keychain can no longer decrypt is asked for again', async () => {
    const dir = tempDir('arthas-deck-keychain-');
    // an encrypting box (real SQLite; the cipher stands in for the OS keychain)
    let usable = true;
    let keychainChanged = false;
    const box: SecretBox = {
      available: () => usable,
      encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
      decrypt: (data) => {
        if (keychainChanged) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8');
      },
    };
    const db = openDatabase(dir.file('k.db'));
    const deck = new DeckService({ db, databasePath: dir.file('k.db'), mode: 'electron', version: 't', searchIndex: false, secrets: box });
    try {
      expect((await deck.call<'app.info'>('app.info', {})).passwordsEncrypted).toBe(true);
      const saved = await deck.call<'targets.save'>('targets.save', { name: 'orders', url: 'http://127.0.0.1:1', username: 'arthas', password: 's3cret' });
      const col = (id: number): Buffer | null => (db.prepare('SELECT password_enc AS p FROM targets WHERE id = ?').get(id) as { p: Buffer | null }).p;
      expect(col(saved.id)).not.toBeNull();
      expect(col(saved.id)!.toString('utf8')).not.toContain('s3cret');
      keychainChanged = true;
      await expect(deck.call<'targets.check'>('targets.check', { id: saved.id })).rejects.toThrow(/could not be decrypted .*Enter it again/);
      // no usable keychain (basic_text): the password is kept in memory, nothing written
      usable = false;
      expect((await deck.call<'app.info'>('app.info', {})).passwordsEncrypted).toBe(false);
      const mem = await deck.call<'targets.save'>('targets.save', { name: 'pay', url: 'http://127.0.0.1:2', username: 'arthas', password: 'p4ss' });
      expect(mem.hasPassword).toBe(true);
      expect(col(mem.id)).toBeNull();
    } finally {
      await deck.shutdown();
      db.close();
      dir.remove();
    }
  });
});

describe('a keychain that throws (#37.2)', () => {
  it('refusing to seal: the password is kept in memory, as without a keychain, and the target is saved', async () => {
    const dir = tempDir('arthas-deck-keychain-');
    const box: SecretBox = { available: () => true, encrypt: () => { throw new Error('The user denied access to the keychain'); }, decrypt: () => '' };
    const db = openDatabase(dir.file('k.db'));
    const deck = new DeckService({ db, databasePath: dir.file('k.db'), mode: 'electron', version: 't', searchIndex: false, secrets: box });
    try {
      const saved = await deck.call<'targets.save'>('targets.save', { name: 'orders', url: 'http://127.0.0.1:1', username: 'arthas', password: 's3cret' });
      expect(saved.hasPassword).toBe(true);
      expect((db.prepare('SELECT password_enc AS p FROM targets WHERE id = ?').get(saved.id) as { p: Buffer | null }).p).toBeNull();
    } finally {
      await deck.shutdown();
      db.close();
      dir.remove();
    }
  });
});

describe('window placement', () => {
  const laptop = [{ x: 0, y: 0, width: 1440, height: 875 }];
  it('drops a saved position no screen shows any more, keeps one that is visible', () => {
    expect(fitToScreens({ x: 2600, y: 100, width: 1280, height: 820 }, laptop)).toEqual({ width: 1280, height: 820 });
    expect(fitToScreens({ x: 100, y: 50, width: 1280, height: 820 }, laptop)).toEqual({ x: 100, y: 50, width: 1280, height: 820 });
    expect(fitToScreens({ x: -1270, y: 50, width: 1280, height: 820 }, laptop)).toEqual({ width: 1280, height: 820 });
  });
  it('shrinks a window larger than the largest screen', () => {
    expect(fitToScreens({ width: 3000, height: 2000 }, laptop)).toEqual({ width: 1440, height: 875 });
  });
});

describe('packaging and scripts', () => {
  // npm run dist itself is not run here: it rebuilds better-sqlite3 inside the node_modules every other
  // test file loads it from. Its steps are read from scripts/dist-plan.mjs, which dist.mjs runs.
  it('npm run dist rebuilds only better-sqlite3 for Electron, inside this checkout, for the Electron installed', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const args = electronRebuildArgs(ROOT, version);
    expect(args[0]).toBe(join(ROOT, 'node_modules/@electron/rebuild/lib/cli.js'));
    expect(existsSync(args[0]!)).toBe(true);
    expect(args.slice(1)).toEqual(['--version', version, '--only', 'better-sqlite3', '--module-dir', ROOT]);
    expect(readFileSync(join(ROOT, 'scripts/dist.mjs'), 'utf8')).toContain('electronRebuildArgs(root, electronVersion)');
  });

  it('builds better-sqlite3 for Node again without the Electron target the packaging step set', () => {
    const env = nodeRebuildEnv({ PATH: '/usr/bin', npm_config_runtime: 'electron', npm_config_target: '45.4.1', NPM_CONFIG_DISTURL: 'https://electronjs.org/headers', npm_config_nodedir: '/x', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/usr/bin', npm_config_cache: '/c' });
  });

  it('a failed step fails the whole loudly, saying which; a Node build that no longer loads fails it too', () => {
    expect(failureMessage('rebuild', 1)).toMatch(/^\nnpm run dist failed: rebuilding better-sqlite3 for Electron exited with 1\. Its messages are above\.\nIt needs internet access/);
    expect(failureMessage('builder', 'SIGTERM')).toContain('electron-builder exited with SIGTERM');
    expect([distExitCode(0, true), distExitCode(2, true), distExitCode(null, true), distExitCode(0, false)]).toEqual([0, 2, 1, 1]);
  });

  it('deb keeps electron-builder\'s dependencies (keychain, xdg-utils); document icons are .icns and .ico', () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    for (const d of ['libsecret-1-0', 'xdg-utils', 'libnss3', 'libgtk-3-0']) expect(yml).toContain(`'${d}'`);
    const assoc = yml.slice(yml.indexOf('fileAssociations:'), yml.indexOf('linux:'));
    expect(assoc).not.toMatch(/icon: .*\.png/);
    expect(readFileSync(join(ROOT, 'resources/arthasrec.icns')).subarray(0, 4).toString()).toBe('icns');
    expect([...readFileSync(join(ROOT, 'resources/arthasrec.ico')).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it('states the Node range the tooling declares', () => {
    const declared = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { engines?: { node?: string } };
    expect(pkg.engines.node).toBe('>=22.12.0');
    expect(declared.engines?.node?.replace(/\s/g, '')).toBe('>=22.12.0');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('Node.js 22.12');
  });
});

describe('the window\'s place is written once a move ends (#37.8)', () => {
  it('a drag of many events writes once, after they stop; closing writes what waits at once', async () => {
    let writes = 0;
    const place = afterSettling(() => writes++, 40);
    for (let i = 0; i < 30; i++) place.poke();
    expect(writes).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(writes).toBe(1);
    place.poke();
    place.flush();
    expect(writes).toBe(2);
    place.flush(); // nothing waits: nothing written
    expect(writes).toBe(2);
  });
});

describe('a renderer that goes away (#37.5)', () => {
  it('a crash, a kill or running out of memory is said, and the page loaded again; recording is said to go on', () => {
    const r = new RendererRecovery();
    expect(r.gone('crashed', 139, 0)).toEqual({ reload: true, message: "The window's page crashed (exit code 139). Recording went on meanwhile: nothing recorded is lost. The page is loaded again." });
    expect(r.gone('oom', 0, 1)!.message).toMatch(/^The window's page ran out of memory\. /);
    expect(r.gone('clean-exit', 0, 2)).toBeNull();
  });

  it('a page that keeps dying is not reloaded a fourth time within a minute, and is again after it', () => {
    const r = new RendererRecovery(3, 60_000);
    expect([0, 1000, 2000].map((t) => r.gone('killed', 0, t)!.reload)).toEqual([true, true, true]);
    const fourth = r.gone('killed', 0, 3000)!;
    expect(fourth.reload).toBe(false);
    expect(fourth.message).toContain('not loaded again by itself: use View › Reload');
    expect(r.gone('killed', 0, 61_500)!.reload).toBe(true);
  });

  it('a failed load of the page says from where and why, and tries again; an aborted load is a newer one, not a failure', () => {
    const r = new RendererRecovery();
    expect(r.failedLoad(-6, 'ERR_FILE_NOT_FOUND', 'file:///opt/Deck/index.html', 0)).toEqual({ reload: true, message: "The window's page could not be loaded from file:///opt/Deck/index.html (ERR_FILE_NOT_FOUND -6). Trying again." });
    expect(r.failedLoad(-3, 'ERR_ABORTED', 'file:///opt/Deck/index.html', 1)).toBeNull();
  });

  it('files opened while the page reloads wait for the new page', () => {
    const delivered: string[] = [];
    const files = new OpenedFiles((p) => (delivered.push(p), true));
    files.take();
    files.pause(); // the page started loading again
    files.add('/home/u/a.arthasrec');
    expect(delivered).toEqual([]);
    expect(files.take()).toEqual(['/home/u/a.arthasrec']);
  });
});
