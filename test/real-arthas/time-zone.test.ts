// A JVM in another time zone than this machine: Arthas 4.x sends its local time text without an
// offset; the recording's server times must still be right, and the text kept as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';
import { runEnhancing, startRig } from './support/recording-rig';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas tests skipped: ${why}`);

// a zone whose offset is not this machine's: Shanghai (UTC+8), or São Paulo (UTC-3) where this machine is at UTC+8
const localOffset = -new Date().getTimezoneOffset();
const zone = localOffset === 480 ? { id: 'America/Sao_Paulo', minutes: -180 } : { id: 'Asia/Shanghai', minutes: 480 };

describe.skipIf(skipOrFail(why))(`a JVM in ${zone.id} recorded from a desktop at UTC${localOffset >= 0 ? '+' : ''}${localOffset / 60}`, () => {
  let target: RealTarget;
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'math-game', jvmArgs: [`-Duser.timezone=${zone.id}`] });
  }, 90_000);
  afterAll(async () => target?.close());

  it("infers the JVM's zone and stores each result's server time within seconds of its receipt; the text stays as sent", async () => {
    const rig = await startRig({ url: target.arthas.url });
    await runEnhancing(rig, 'watch demo.MathGame primeFactors -n 2');
    await waitFor(() => rig.stored().filter((r) => r.type === 'watch').length >= 2, 'two watch results', 15_000);
    expect(rig.engine.snapshot.jvmUtcOffsetMinutes).toBe(zone.minutes);
    const rows = rig.db.prepare("SELECT received_at, server_time, raw FROM results WHERE session_id = ? AND type IN ('watch', 'welcome')").all(rig.recorder.recordingId) as Array<{ received_at: number; server_time: number | null; raw: string }>;
    expect(rows.length).toBe(3);
    for (const r of rows) {
      expect(r.server_time, r.raw.slice(0, 120)).not.toBeNull();
      expect(Math.abs(r.server_time! - r.received_at)).toBeLessThan(5000);
    }
    // the exact text the JVM sent, nanoseconds and all, is what is stored
    const watch = rows.find((r) => r.raw.includes('"watch"'))!;
    expect(JSON.parse(watch.raw).ts).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}$/);
    await new Promise((r) => setTimeout(r, 50));
    const rec = rig.db.prepare('SELECT jvm_utc_offset_min FROM sessions WHERE id = ?').get(rig.recorder.recordingId) as { jvm_utc_offset_min: number };
    expect(rec.jvm_utc_offset_min).toBe(zone.minutes);
    await rig.close();
  }, 40_000);
});
