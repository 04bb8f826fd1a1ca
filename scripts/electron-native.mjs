// Builds better-sqlite3 for Electron's ABI into .electron-native/ (used by `npm start`), leaving the
// copy in node_modules built for Node (the tests and the headless tools use that one).
// Packaged apps do not need this: electron-builder rebuilds the module while packaging.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const outDir = join(root, '.electron-native');
const stamp = join(outDir, 'version.txt');
const target = join(outDir, 'better_sqlite3.node');

if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) process.exit(0);

const src = dirname(require.resolve('better-sqlite3/package.json'));
const work = join(outDir, 'build-better-sqlite3');
rmSync(work, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) });
console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
try {
  execFileSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion], { cwd: work, stdio: 'inherit', env });
} catch {
  try {
    execFileSync(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit', env });
  } catch {
    rmSync(work, { recursive: true, force: true });
    console.error(
      `\nCould not build better-sqlite3 for Electron ${electronVersion}: neither a prebuilt binary nor Electron's headers could be fetched.\n` +
        'The desktop app needs internet access once for this (and for the Electron binary itself).\n' +
        'Without it: `npm run serve` opens the same app in a browser, and `npm run record` records headless.',
    );
    process.exit(1);
  }
}
cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
writeFileSync(stamp, electronVersion);
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ready: ${target}`);
