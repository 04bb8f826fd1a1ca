// npm run dist: installers with electron-builder, which downloads the Electron build it packages
// (internet access needed) and rebuilds better-sqlite3 for Electron's ABI inside node_modules.
// Afterwards better-sqlite3 is made to load in Node again, so npm test, record and serve keep
// working. A failed packaging fails this script, with electron-builder's own words above.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distExitCode, electronRebuildArgs, failureMessage, nodeRebuildEnv } from './dist-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function sqliteLoadsInNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'pipe' });
  return probe.status === 0;
}

function restoreNodeBuild() {
  if (sqliteLoadsInNode()) return true;
  console.log('\nRebuilding better-sqlite3 for Node (electron-builder left it built for Electron)…');
  const env = nodeRebuildEnv(process.env);
  try {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  } catch {
    /* checked below */
  }
  return sqliteLoadsInNode();
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const rebuild = spawnSync(process.execPath, electronRebuildArgs(root, electronVersion), { cwd: root, stdio: 'inherit' });
const builder =
  rebuild.status === 0
    ? spawnSync(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
    : { status: rebuild.status ?? 1, signal: rebuild.signal };
const restored = restoreNodeBuild();
if (builder.status !== 0) console.error(failureMessage(rebuild.status === 0 ? 'builder' : 'rebuild', builder.status ?? builder.signal));
if (!restored) console.error('\nbetter-sqlite3 no longer loads in Node: run `npm rebuild better-sqlite3` before npm test, record or serve.');
process.exit(distExitCode(builder.status, restored));
