// A fleet whose members were profiled (broadcast `profiler start --event itimer -d 10`): each member's
// recording holds the profile the deck took, as a `profiler dumpCollapsed` call; a member given
// null has none. From the real 4.3.4 dumps of test/fixtures/arthas-4.3.4/profiles.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FleetStore } from '../../src/main/fleet/fleet-store';
import type { Db } from '../../src/main/recorder/db';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';

type Result = Record<string, unknown> & { type: string };
const captured = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/arthas-4.3.4/profiles.json'), 'utf8')) as { commands: Record<string, Result[]> };

/** The collapsed text of a captured dump ("4 profiler dumpCollapsed", …). */
export const capturedDump = (key: string): string => String(captured.commands[key]!.find((r) => r.type === 'profiler')!.executeResult);

/** A captured dump with one more stack: a member that spends a fifth of its time in `frame`. */
export function slowerBy(text: string, frame: string): string {
  const total = text.split('\n').filter((l) => l.trim()).reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return `${text.trimEnd()}\njava/lang/Thread.run;demo/MathGame.main;${frame} ${Math.round(total / 4)}\n`;
}

export function profiledFleet(db: Db, members: Array<[string, string | null]>): number {
  const w = new RecordingWriter(db);
  const store = new FleetStore(db);
  const fleetId = store.create({ name: 'checkout pods', groupId: null, command: 'profiler start --event itimer -d 10', startedAt: 1_764_000_000_000, endedAt: 1_764_000_009_000 });
  for (const [member, text] of members) {
    const at = 1_764_000_000_000;
    const id = w.createRecording({ targetName: member, targetUrl: 'http://127.0.0.1:8563/api', startedAt: at, fleetId, fleetMember: member });
    w.writeJob(id, { jobId: 1, command: 'profiler start --event itimer -d 10', state: 'succeeded', startedAt: at, endedAt: at });
    if (text !== null) {
      w.writeJob(id, { jobId: 2, command: 'profiler dumpCollapsed', state: 'succeeded', startedAt: at + 5000, endedAt: at + 5000 });
      const raw = JSON.stringify({ action: 'dumpCollapsed', actionArg: 'TOTAL', executeResult: text, jobId: 2, type: 'profiler' });
      w.writeBatch(id, [resultRow(1, at + 5000, 'exec', { type: 'profiler', jobId: 2 }, raw)]);
    }
    w.endRecording(id, 'closed', at + 9000);
  }
  return fleetId;
}
