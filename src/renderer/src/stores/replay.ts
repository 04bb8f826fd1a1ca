import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { RecordingSummary, StoredEvent, StoredJob } from '../../../shared/recording/types';
import { ReplayPlayer } from '../../../shared/replay/player';
import { deck } from '../api';
import { toRow, type ResultRow } from '../lib/result-row';
import { useNotices } from './notices';

/** How many results before the playhead a replay keeps on screen. */
const WINDOW = 1000;

export const useReplay = defineStore('replay', () => {
  const recording = ref<RecordingSummary | null>(null);
  const jobs = ref<StoredJob[]>([]);
  const events = ref<StoredEvent[]>([]);
  const span = ref<{ first: number | null; last: number | null; lastPos: number }>({ first: null, last: null, lastPos: 0 });
  const rows = shallowRef<ResultRow[]>([]);
  const position = ref(0);
  const playhead = ref<number | null>(null);
  const playing = ref(false);
  const speed = ref(1);
  const idleCapS = ref(2);
  const lastSeekMs = ref<number | null>(null);
  const notices = useNotices();
  let player: ReplayPlayer<ResultRow & { pos: number }> | null = null;

  const progress = computed(() => (span.value.lastPos ? position.value / span.value.lastPos : 0));

  function makePlayer(id: number): ReplayPlayer<ResultRow & { pos: number }> {
    return markRaw(
      new ReplayPlayer<ResultRow & { pos: number }>(
        { after: async (pos, limit) => (await deck.call('recordings.page', { id, after: pos, limit })).results.map((r) => toRow(r) as ResultRow & { pos: number }) },
        { now: () => Date.now(), setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
        (batch) => {
          const next = rows.value.concat(batch);
          rows.value = next.length > WINDOW ? next.slice(next.length - WINDOW) : next;
          position.value = batch[batch.length - 1]!.pos;
          playhead.value = batch[batch.length - 1]!.receivedAt;
        },
        () => (playing.value = false),
      ),
    );
  }

  async function open(id: number): Promise<void> {
    pause();
    const rec = await deck.call('recordings.get', { id });
    if (!rec) {
      notices.push('error', `Recording #${id} is gone.`);
      return;
    }
    recording.value = rec;
    [jobs.value, events.value, span.value] = await Promise.all([deck.call('recordings.jobs', { id }), deck.call('recordings.events', { id }), deck.call('recordings.stats', { id })]);
    player = makePlayer(id);
    player.speed = speed.value;
    player.idleCapMs = idleCapS.value * 1000;
    await seekToPos(0);
  }

  /** Shows the state at position pos: the results up to it, at once. */
  async function seekToPos(pos: number): Promise<void> {
    if (!recording.value || !player) return;
    const t0 = performance.now();
    const clamped = Math.max(0, Math.min(pos, span.value.lastPos));
    const { results } = clamped > 0 ? await deck.call('recordings.page', { id: recording.value.id, before: clamped + 1, limit: WINDOW }) : { results: [] };
    rows.value = results.map(toRow);
    position.value = clamped;
    const last = rows.value[rows.value.length - 1];
    playhead.value = last?.receivedAt ?? span.value.first;
    player.seek(clamped, last?.receivedAt ?? null);
    lastSeekMs.value = Math.round(performance.now() - t0);
  }

  async function seekToTime(at: number): Promise<void> {
    if (!recording.value) return;
    const pos = await deck.call('recordings.posAtTime', { id: recording.value.id, at });
    await seekToPos(pos);
    playhead.value = at;
  }

  function play(): void {
    if (!player) return;
    if (position.value >= span.value.lastPos) void seekToPos(0).then(() => play());
    else {
      player.play();
      playing.value = true;
    }
  }
  function pause(): void {
    player?.pause();
    playing.value = false;
  }
  async function step(): Promise<void> {
    pause();
    await player?.step();
  }
  function setSpeed(s: number): void {
    speed.value = s;
    player?.setSpeed(s);
  }
  function setIdleCap(s: number): void {
    idleCapS.value = s;
    if (player) player.idleCapMs = s * 1000;
  }
  async function bookmark(note: string): Promise<void> {
    if (!recording.value || playhead.value === null) return;
    await deck.call('recordings.bookmark', { id: recording.value.id, at: playhead.value, note });
    events.value = await deck.call('recordings.events', { id: recording.value.id });
  }

  return { recording, jobs, events, span, rows, position, playhead, playing, speed, idleCapS, lastSeekMs, progress, open, seekToPos, seekToTime, play, pause, step, setSpeed, setIdleCap, bookmark };
});
