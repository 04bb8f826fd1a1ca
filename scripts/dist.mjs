// npm run dist: installers with electron-builder. It needs the Electron binary and internet access
// (electron-builder downloads Electron builds and packaging tools); without them it says so and stops.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pathFile = join(root, 'node_modules/electron/path.txt');
const binary = existsSync(pathFile) ? join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8')) : '';
if (!binary || !existsSync(binary)) {
  console.log('Packaging skipped: the Electron binary is not installed here (installed without internet access, or with ELECTRON_SKIP_BINARY_DOWNLOAD).');
  console.log('On a machine with internet access: npm install, then npm run dist. The packaging config is checked by the tests (test/unit/packaging-config.test.ts).');
  process.exit(0);
}
execFileSync(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
