import { readFileSync } from 'node:fs';
import { electronRebuildArgs } from '../../scripts/dist-plan.mjs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder.yml is checked here as data; building the installers needs the Electron binary.
const ROOT = resolve(__dirname, '../..');
const yml = readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };

describe('installer configuration', () => {
  it('builds AppImage and deb, dmg, nsis, with the app icon', () => {
    for (const t of ['AppImage', 'deb', 'dmg', 'nsis']) expect(yml).toMatch(new RegExp(`^\\s+- ${t}$`, 'm'));
    expect(yml).toMatch(/icon: resources\/icon\.png/);
    const png = readFileSync(resolve(ROOT, 'resources/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // electron-builder wants at least 512x512 for macOS
  });

  it('associates .arthasrec files with the app and rebuilds better-sqlite3, and only it, for Electron', () => {
    expect(yml).toMatch(/ext: arthasrec/);
    // electron-builder's rebuild would compile ssh2's optional cpu-features too (a C++ toolchain)
    expect(yml).toMatch(/^npmRebuild: false$/m);
    // npm run dist's rebuild step, as scripts/dist.mjs runs it (its plan: scripts/dist-plan.mjs)
    expect(electronRebuildArgs('/app', '45.4.1')).toEqual([join('/app', 'node_modules/@electron/rebuild/lib/cli.js'), '--version', '45.4.1', '--only', 'better-sqlite3', '--module-dir', '/app']);
    expect(yml).toMatch(/node_modules\/better-sqlite3/);
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
  });

  it('points at the built main process and has the documented scripts', () => {
    expect(pkg.main).toBe('./out/main/index.js');
    for (const s of ['dev', 'start', 'build', 'test', 'bench', 'sim', 'record', 'serve', 'dist']) expect(pkg.scripts[s]).toBeDefined();
  });
});
