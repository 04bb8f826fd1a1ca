// A `profiler` command line as Arthas reads it (its ProfilerCommand options): the action, the event
// (`-e`/`--event`, cpu by default), the sampling interval (`-i`/`--interval`, ns), the duration
// (`-d`/`--duration`, s), per thread (`-t`/`--threads`), include/exclude filters. What the deck
// needs to record a profile when it ends and to say what its counts mean.

export interface ProfilerCommand {
  action: string;
  event: string;
  intervalNs: number | null;
  durationS: number | null;
  threads: boolean;
  include: string[];
  exclude: string[];
  format: string | null;
}

/** Splits a command line as Arthas's CLI does for these options (quotes group words). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The profiler command a line is, or null when it is not one. */
export function parseProfilerCommand(line: string): ProfilerCommand | null {
  const w = words(line.trim());
  if (w[0] !== 'profiler') return null;
  const cmd: ProfilerCommand = { action: '', event: 'cpu', intervalNs: null, durationS: null, threads: false, include: [], exclude: [], format: null };
  for (let i = 1; i < w.length; i++) {
    const word = w[i]!;
    const eq = /^(--[a-z]+)=(.*)$/.exec(word);
    const name = eq ? eq[1]! : word;
    const value = (): string | undefined => (eq ? eq[2] : w[++i]);
    switch (name) {
      case '-e':
      case '--event':
        cmd.event = value() ?? cmd.event;
        break;
      case '-i':
      case '--interval': {
        const v = Number(value());
        cmd.intervalNs = Number.isFinite(v) ? v : null;
        break;
      }
      case '-d':
      case '--duration': {
        const v = Number(value());
        cmd.durationS = Number.isFinite(v) ? v : null;
        break;
      }
      case '-t':
      case '--threads':
        cmd.threads = true;
        break;
      case '-I':
      case '--include':
        cmd.include.push(value() ?? '');
        break;
      case '-X':
      case '--exclude':
        cmd.exclude.push(value() ?? '');
        break;
      case '-f':
      case '--file':
        value();
        break;
      case '-o':
      case '--format':
        cmd.format = value() ?? null;
        break;
      default:
        if (!word.startsWith('-') && !cmd.action) cmd.action = word;
    }
  }
  return cmd;
}

/** A profile is taken when profiling ends: before a `profiler stop`, and at the end of `start -d N`. */
export function endsProfiling(cmd: ProfilerCommand | null): boolean {
  return cmd?.action === 'stop';
}

/** The command a Profile panel writes for its choices (only what differs from Arthas's defaults). */
export function profilerStartCommand(o: { event: string; intervalNs?: number | null; durationS?: number | null; threads?: boolean; include?: string; exclude?: string }): string {
  const parts = ['profiler', 'start', '--event', o.event];
  if (o.intervalNs) parts.push('--interval', String(o.intervalNs));
  if (o.durationS) parts.push('--duration', String(o.durationS));
  if (o.threads) parts.push('--threads');
  const quoted = (s: string): string => (/[\s'"]/.test(s) ? `'${s.replace(/'/g, '')}'` : s);
  if (o.include?.trim()) parts.push('--include', quoted(o.include.trim()));
  if (o.exclude?.trim()) parts.push('--exclude', quoted(o.exclude.trim()));
  return parts.join(' ');
}
