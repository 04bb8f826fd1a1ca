// A target reached through SSH, set up and opened in the app (Chromium, serve mode), with a real
// OpenSSH server on 127.0.0.1 and the simulator as the Arthas behind it.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckEvent } from '../../src/shared/contract';
import { startSshd, sshdUnavailable, type Sshd } from '../support/sshd';
import { tempDir } from '../support/temp-dir';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites() ?? sshdUnavailable();
if (missing) console.warn(`SSH UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))('a target through SSH in the app', () => {
  let h: Harness;
  let sshd: Sshd;
  const dir = tempDir('arthas-deck-ssh-ui-');
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sshd = await startSshd();
    h = await startHarness([{ callRate: 5 }], { ssh: { knownHostsFile: dir.file('known_hosts'), configFile: dir.file('no-config') } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await sshd?.stop();
    sshd?.remove();
    dir.remove();
  });

  it('saves an SSH route, asks to accept the new host key (with its fingerprint), then records through the tunnel', async () => {
    const p = h.page;
    await p.click('[data-test=add-target]');
    await p.fill('[data-test=target-name]', 'behind-ssh');
    await p.fill('[data-test=target-url]', h.sims[0]!.url);
    await p.selectOption('[data-test=target-via]', 'ssh');
    await p.fill('[data-test=target-ssh]', `${sshd.user}@127.0.0.1:${sshd.port}`);
    await p.fill('[data-test=target-ssh-key]', sshd.clientKey);
    await p.screenshot({ path: join(ARTIFACTS, 'target-dialog-ssh.png') });
    await p.click('[data-test=target-save]');
    const events: DeckEvent[] = [];
    const off = h.service.onEvent((e) => events.push(e));
    await p.click('[data-test=target]:has-text("behind-ssh") [data-test=open-target]');
    await p.waitForSelector('[data-test=app-dialog]:has-text("A new SSH host key")');
    expect(await p.locator('[data-test=app-dialog]').innerText()).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    await p.screenshot({ path: join(ARTIFACTS, 'ssh-host-key.png') });
    await p.click('[data-test=dialog-ok]');
    await p.waitForSelector('[data-test=tab]:has-text("behind-ssh") [data-state=ready]', { timeout: 20_000 });
    off();
    // the connection's steps were told: the first try stopped at the unknown key, the second went through
    const tries = new Map<string, string[]>();
    for (const e of events) if (e.type === 'task.progress' && e.progress.what === 'connect') tries.set(e.progress.taskId, [...(tries.get(e.progress.taskId) ?? []), e.progress.phase]);
    expect([...tries.values()].map((steps) => [...new Set(steps)])).toEqual([
      ['connecting', 'checking the host key'],
      ['connecting', 'checking the host key', 'forwarding the port'],
    ]);
    expect(events.filter((e) => e.type === 'task.done' && e.taskId.startsWith('connect')).map((e) => (e as { ok: boolean }).ok)).toEqual([false, true]);
    await p.fill('[data-test=command-input]', 'version');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=result-row][data-type=version]');
    expect(readFileSync(dir.file('known_hosts'), 'utf8')).toContain('ssh-ed25519');
    expect(sshd.log()).toMatch(/Accepted publickey/);
    expect(sshd.log()).toMatch(/direct-tcpip|forwarding|Connection from 127\.0\.0\.1/i);
  }, 60_000);
});
