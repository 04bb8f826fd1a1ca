// What the app does when its window's page goes away (the renderer crashed, was killed, ran out of
// memory) or fails to load: say what happened, load the page again (the recordings go on in main:
// nothing recorded is lost), and stop reloading a page that keeps dying.

export interface RecoveryStep {
  /** load the page again */
  reload: boolean;
  /** what the user is told */
  message: string;
}

const WHY: Record<string, string> = {
  crashed: 'crashed',
  oom: 'ran out of memory',
  killed: 'was ended by another program or the system',
  'abnormal-exit': 'ended unexpectedly',
  'launch-failed': 'could not be started',
  'integrity-failure': 'failed a code integrity check',
  'memory-eviction': 'was closed by the system to free memory',
};

export class RendererRecovery {
  private readonly reloads: number[] = [];

  constructor(
    private readonly limit = 3,
    private readonly windowMs = 60_000,
  ) {}

  private allowReload(now: number): boolean {
    while (this.reloads.length && now - this.reloads[0]! > this.windowMs) this.reloads.shift();
    if (this.reloads.length >= this.limit) return false;
    this.reloads.push(now);
    return true;
  }

  /** The page's process went away (Electron's render-process-gone). A clean exit is the app closing. */
  gone(reason: string, exitCode: number, now = Date.now()): RecoveryStep | null {
    if (reason === 'clean-exit') return null;
    const what = `The window's page ${WHY[reason] ?? `ended (${reason})`}${exitCode ? ` (exit code ${exitCode})` : ''}.`;
    const kept = 'Recording went on meanwhile: nothing recorded is lost.';
    if (this.allowReload(now)) return { reload: true, message: `${what} ${kept} The page is loaded again.` };
    return { reload: false, message: `${what} ${kept} It ended ${this.limit} times within a minute, so it is not loaded again by itself: use View › Reload, or restart the app.` };
  }

  /** The page failed to load (did-fail-load of the main frame); an aborted load (-3) is a newer one replacing it. */
  failedLoad(errorCode: number, description: string, url: string, now = Date.now()): RecoveryStep | null {
    if (errorCode === -3) return null;
    const what = `The window's page could not be loaded from ${url} (${description || 'error'} ${errorCode}).`;
    if (this.allowReload(now)) return { reload: true, message: `${what} Trying again.` };
    return { reload: false, message: `${what} It failed ${this.limit} times within a minute: reinstall the app if this goes on.` };
  }
}
