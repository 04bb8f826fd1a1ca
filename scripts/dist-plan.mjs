// What npm run dist does, as data (scripts/dist.mjs runs it; the tests read it without touching the
// installed node_modules): which module is rebuilt for Electron and how, how it is built for Node
// again, and what a failure says.
import { join } from 'node:path';

/** only better-sqlite3 is rebuilt for Electron (electron-builder.yml: npmRebuild false): ssh2's optional cpu-features would need a C++ toolchain, and ssh2 works without it */
export function electronRebuildArgs(root, electronVersion) {
  return [join(root, 'node_modules/@electron/rebuild/lib/cli.js'), '--version', electronVersion, '--only', 'better-sqlite3', '--module-dir', root];
}

/** the environment for rebuilding better-sqlite3 for Node's own ABI: no Electron runtime or target inherited from the packaging step */
export function nodeRebuildEnv(env) {
  const out = { ...env };
  for (const k of Object.keys(out)) if (/^npm_config_(runtime|target|disturl|nodedir)$/i.test(k)) delete out[k];
  return out;
}

/** what a failed step says: which one, how it exited, and what it needs */
export function failureMessage(step, exit) {
  return (
    `\nnpm run dist failed: ${step === 'builder' ? 'electron-builder' : 'rebuilding better-sqlite3 for Electron'} exited with ${exit}. Its messages are above.\n` +
    'It needs internet access (it downloads Electron and its packaging tools) and builds installers for the OS it runs on.'
  );
}

/** the exit code of the whole: the failed step's, else 1 when better-sqlite3 no longer loads in Node */
export function distExitCode(builderStatus, restored) {
  return builderStatus !== 0 ? builderStatus || 1 : restored ? 0 : 1;
}
