// npm run dist: installers with electron-builder, which downloads the Electron build it packages
// (internet access needed) and rebuilds better-sqlite3 for Electron's ABI inside node_modules.
// Afterwards better-sqlite3 is made to load in Node again, so npm test, record and serve keep
// working. A failed packaging fails this script, with electron-builder's own words above.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function sqliteLoadsInNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'pipe' });
  return probe.status === 0;
}

function restoreNodeBuild() {
  if (sqliteLoadsInNode()) return true;
  console.log('\nRebuilding better-sqlite3 for Node (electron-builder left it built for Electron)…');
  // Node's own ABI: no Electron runtime or target inherited from the packaging step
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_config_(runtime|target|disturl|nodedir)$/i.test(k)) delete env[k];
  try {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  } catch {
    /* checked below */
  }
  return sqliteLoadsInNode();
}

// only better-sqlite3 is rebuilt for Electron (electron-builder.yml: npmRebuild false): ssh2's
// optional cpu-features would need a C++ toolchain, and ssh2 works without it
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const rebuild = spawnSync(process.execPath, [join(root, 'node_modules/@electron/rebuild/lib/cli.js'), '--version', electronVersion, '--only', 'better-sqlite3', '--module-dir', root], { cwd: root, stdio: 'inherit' });
const builder =
  rebuild.status === 0
    ? spawnSync(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
    : { status: rebuild.status ?? 1, signal: rebuild.signal };
const restored = restoreNodeBuild();
if (builder.status !== 0) {
  console.error(
    `\nnpm run dist failed: ${rebuild.status === 0 ? 'electron-builder' : 'rebuilding better-sqlite3 for Electron'} exited with ${builder.status ?? builder.signal}. Its messages are above.\n` +
      'It needs internet access (it downloads Electron and its packaging tools) and builds installers for the OS it runs on.',
  );
}
if (!restored) console.error('\nbetter-sqlite3 no longer loads in Node: run `npm rebuild better-sqlite3` before npm test, record or serve.');
process.exit(builder.status !== 0 ? builder.status || 1 : restored ? 0 : 1);
