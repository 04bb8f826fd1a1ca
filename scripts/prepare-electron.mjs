// Gets the desktop app ready to run (npm start, npm run dev), once per Electron version:
// 1. the Electron binary: Electron 45 fetches it on first use, which electron-vite bypasses, so
//    its own installer is run here when the binary is missing;
// 2. better-sqlite3 built for Electron's ABI into .electron-native/, leaving the copy in
//    node_modules built for Node (the tests and the headless tools use that one).
// Packaged apps need neither: electron-builder bundles Electron and rebuilds the module.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const electronDir = join(root, 'node_modules/electron');
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;

const env0 = process.env;
/**
 * npm's proxy settings, handed to @electron/get 5, which reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * (undici's EnvHttpProxyAgent) when ELECTRON_GET_USE_PROXY is set; npm's noproxy becomes NO_PROXY.
 */
const proxy = env0.npm_config_https_proxy || env0.npm_config_proxy || env0.HTTPS_PROXY || env0.https_proxy || env0.HTTP_PROXY || env0.http_proxy;
const noProxy = env0.NO_PROXY || env0.no_proxy || env0.npm_config_noproxy;
const proxyEnv = proxy ? { ELECTRON_GET_USE_PROXY: 'true', HTTPS_PROXY: proxy, HTTP_PROXY: proxy, ...(noProxy ? { NO_PROXY: noProxy } : {}) } : {};
/** where Electron's headers come from: ELECTRON_HEADERS_URL, npm's electron_headers_url, an Electron disturl, or electronjs.org */
const headersUrl =
  env0.ELECTRON_HEADERS_URL || env0.npm_config_electron_headers_url || (/electron/i.test(env0.npm_config_disturl ?? '') ? env0.npm_config_disturl : '') || 'https://electronjs.org/headers';

function onPath(cmd, args = ['--version']) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What of a C++ toolchain node-gyp needs is missing, in words (empty when all is there). */
/** Windows: Visual Studio's C++ build tools, as vswhere (installed with every Visual Studio) reports them. */
function msvcPresent() {
  const vswhere = join(process.env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)', 'Microsoft Visual Studio', 'Installer', 'vswhere.exe');
  if (!existsSync(vswhere)) return false;
  try {
    return execFileSync(vswhere, ['-products', '*', '-requires', 'Microsoft.VisualStudio.Component.VC.Tools.x86.x64', '-property', 'installationPath'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

function missingToolchain() {
  if (process.platform === 'win32') {
    const missing = [];
    if (!onPath('python') && !onPath('py', ['-3', '--version'])) missing.push('Python 3');
    if (!msvcPresent()) missing.push('Visual Studio Build Tools with the "Desktop development with C++" workload');
    return missing;
  }
  const missing = [];
  if (!onPath('python3') && !onPath('python')) missing.push('python3');
  if (!onPath('make')) missing.push('make');
  if (!onPath('c++') && !onPath('g++') && !onPath('clang++')) missing.push('a C++ compiler');
  return missing;
}

function fail(what) {
  console.error(
    `\n${what}\nThe desktop app needs internet access once for this.\n` +
      'Without it: `npm run serve` opens the same app in a browser, and `npm run record` records headless.',
  );
  process.exit(1);
}

const pathFile = join(electronDir, 'path.txt');
const binaryPresent = () => existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')));
if (!binaryPresent()) {
  console.log(`Downloading Electron ${electronVersion} (once)…`);
  try {
    // @electron/get honours ELECTRON_MIRROR / npm's electron_mirror and electron_config_cache itself
    execFileSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit', env: { ...process.env, ...proxyEnv, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  } catch {
    /* told below */
  }
  if (!binaryPresent()) fail(`Could not download Electron ${electronVersion}.`);
}

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
// Electron's headers, never a nodedir inherited from npm's config (that would build for Node's ABI)
const env = { ...process.env, ...proxyEnv, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: headersUrl };
for (const k of Object.keys(env)) if (/^npm_config_nodedir$/i.test(k)) delete env[k];
try {
  execFileSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion], { cwd: work, stdio: 'inherit', env });
} catch {
  const missing = missingToolchain();
  if (missing.length) {
    rmSync(work, { recursive: true, force: true });
    console.error(
      `\nNo prebuilt better-sqlite3 for Electron ${electronVersion} could be fetched, and building it needs a C++ toolchain: missing ${missing.join(', ')}.\n` +
        'Install one (Debian/Ubuntu: sudo apt-get install build-essential python3; macOS: xcode-select --install; Fedora: sudo dnf install gcc-c++ make python3; Windows: Visual Studio Build Tools with "Desktop development with C++", and Python 3), then run npm start again.',
    );
    process.exit(1);
  }
  try {
    const devdir = join(outDir, 'gyp');
    execFileSync(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', `--dist-url=${headersUrl}`, `--devdir=${devdir}`], { cwd: work, stdio: 'inherit', env });
  } catch {
    rmSync(work, { recursive: true, force: true });
    fail(`Could not build better-sqlite3 for Electron ${electronVersion}: neither a prebuilt binary nor Electron's headers (${headersUrl}) could be fetched.`);
  }
}
cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
writeFileSync(stamp, electronVersion);
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ready: ${target}`);
