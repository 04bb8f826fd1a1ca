import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { RecordingSummary, StoredEvent, StoredJob } from '../../../shared/recording/types';
import { ReplayPlayer } from '../../../shared/replay/player';
import { deck } from '../api';
import { t } from '../i18n';
import { toRow, type ResultRow } from '../lib/result-row';
import { useNotices } from './notices';

/** Rows a replay holds at once: a window of the whole recording, paged in both directions as the list scrolls. */
const WINDOW = 3000;
const PAGE = 500;

export const useReplay = defineStore('replay', () => {
  const recording = ref<RecordingSummary | null>(null);
  /** the team library it is read from (undefined: this desktop) */
  const library = ref<number | undefined>(undefined);
  /** what every read of the open recording carries: where it is */
  const where = (): { library?: number } => (library.value !== undefined ? { library: library.value } : {});
  const jobs = ref<StoredJob[]>([]);
  const events = ref<StoredEvent[]>([]);
  const span = ref<{ first: number | null; last: number | null; lastPos: number; byJob?: Record<number, number> }>({ first: null, last: null, lastPos: 0 });
  /** a window of the recording around where the user looks (the playhead, or where they scrolled) */
  const rows = shallowRef<ResultRow[]>([]);
  /** changes whenever rows is replaced (views watch it) */
  const windowSeq = ref(0);
  const hasEarlier = ref(false);
  const hasLater = ref(false);
  let paging: Promise<void> | null = null;
  const position = ref(0);
  /** the result to select when the recording opened at it (a search hit) */
  const focusPos = ref<number | null>(null);
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
        { after: async (pos, limit) => (await deck.call('recordings.page', { id, ...where(), after: pos, limit })).results.map((r) => toRow(r) as ResultRow & { pos: number }) },
        { now: () => Date.now(), setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
        (batch) => {
          position.value = batch[batch.length - 1]!.pos;
          playhead.value = batch[batch.length - 1]!.receivedAt;
          // the list shows the whole recording: keep the playhead inside the window
          const lastShown = rows.value[rows.value.length - 1]?.pos ?? 0;
          if (position.value > lastShown) void loadAround(position.value);
          else if (hasLater.value && lastShown - position.value < PAGE / 2) void loadLater();
        },
        () => (playing.value = false),
      ),
    );
  }

  /** Opens a recording (of this desktop, or of a team library), at a result when pos is given (a search hit): that result is selected. */
  async function open(id: number, pos?: number, inLibrary?: number): Promise<void> {
    pause();
    library.value = inLibrary;
    let rec;
    try {
      rec = await deck.call('recordings.get', { id, ...where() });
    } catch (e) {
      if ((e as { kind?: string }).kind !== 'not-found') throw e;
      notices.push('error', t('replay.gone', { id }));
      return;
    }
    recording.value = rec;
    [jobs.value, events.value, span.value] = await Promise.all([deck.call('recordings.jobs', { id, ...where() }), deck.call('recordings.events', { id, ...where() }), deck.call('recordings.stats', { id, ...where() })]);
    player = makePlayer(id);
    player.speed = speed.value;
    player.idleCapMs = idleCapS.value * 1000;
    await seekToPos(pos ?? 0);
    focusPos.value = pos ?? null;
  }

  const page = (args: { before?: number; after?: number }) => deck.call('recordings.page', { id: recording.value!.id, ...where(), limit: PAGE, ...args });

  /** A library recording that is still being captured grew: its end, counts and jobs are read again. */
  async function grew(libraryId: number, id: number): Promise<void> {
    if (!recording.value || recording.value.id !== id || library.value !== libraryId) return;
    const lastBefore = span.value.lastPos;
    [recording.value, jobs.value, events.value, span.value] = await Promise.all([
      deck.call('recordings.get', { id, ...where() }),
      deck.call('recordings.jobs', { id, ...where() }),
      deck.call('recordings.events', { id, ...where() }),
      deck.call('recordings.stats', { id, ...where() }),
    ]);
    // the window reached the old end: there is more after it now
    if (span.value.lastPos > lastBefore && (rows.value[rows.value.length - 1]?.pos ?? 0) >= lastBefore) hasLater.value = true;
  }

  /** The window around pos: a page before it (pos included) and a page after. */
  async function loadAround(pos: number): Promise<void> {
    if (!recording.value) return;
    const [before, after] = await Promise.all([page({ before: pos + 1 }), page({ after: pos })]);
    rows.value = [...before.results, ...after.results].map(toRow);
    windowSeq.value++;
    hasEarlier.value = before.page.hasBefore;
    hasLater.value = after.page.hasAfter;
  }

  /** The list scrolled to its top: the page before, the window trimmed at its end. */
  function loadEarlier(): Promise<void> {
    const first = rows.value[0]?.pos;
    if (!recording.value || !hasEarlier.value || first == null) return Promise.resolve();
    return (paging ??= page({ before: first })
      .then(({ page: pg, results }) => {
        const next = [...results.map(toRow), ...rows.value];
        rows.value = next.length > WINDOW ? next.slice(0, WINDOW) : next;
        windowSeq.value++;
        hasEarlier.value = pg.hasBefore;
        if (next.length > WINDOW) hasLater.value = true;
      })
      .finally(() => (paging = null)));
  }

  /** The list scrolled to its bottom (or playback got near it): the page after, the window trimmed at its start. */
  function loadLater(): Promise<void> {
    const last = rows.value[rows.value.length - 1]?.pos;
    if (!recording.value || !hasLater.value || last == null) return Promise.resolve();
    return (paging ??= page({ after: last })
      .then(({ page: pg, results }) => {
        const next = [...rows.value, ...results.map(toRow)];
        rows.value = next.length > WINDOW ? next.slice(next.length - WINDOW) : next;
        windowSeq.value++;
        hasLater.value = pg.hasAfter;
        if (next.length > WINDOW) hasEarlier.value = true;
      })
      .finally(() => (paging = null)));
  }

  /** Moves the playhead to position pos: the state there, at once; the list around it. */
  async function seekToPos(pos: number): Promise<void> {
    if (!recording.value || !player) return;
    const t0 = performance.now();
    const clamped = Math.max(0, Math.min(pos, span.value.lastPos));
    await loadAround(clamped);
    position.value = clamped;
    const at = rows.value.find((r) => r.pos === clamped);
    playhead.value = at?.receivedAt ?? span.value.first;
    player.seek(clamped, at?.receivedAt ?? null);
    lastSeekMs.value = Math.round(performance.now() - t0);
  }

  async function seekToTime(at: number): Promise<void> {
    if (!recording.value) return;
    const pos = await deck.call('recordings.posAtTime', { id: recording.value.id, ...where(), at });
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
  /** a bookmark is this desktop's note: a library's recordings are read-only here */
  async function bookmark(note: string): Promise<void> {
    if (!recording.value || playhead.value === null || library.value !== undefined) return;
    await deck.call('recordings.bookmark', { id: recording.value.id, at: playhead.value, note });
    events.value = await deck.call('recordings.events', { id: recording.value.id });
  }

  /** While a replay shows: a library recording still being captured is read again as it grows. Returns the stop. */
  const follow = (): (() => void) => deck.on((e) => e.type === 'library.changed' && void grew(e.libraryId, e.recordingId));
  return { recording, library, grew, follow, jobs, events, span, rows, windowSeq, hasEarlier, hasLater, position, focusPos, playhead, playing, speed, idleCapS, lastSeekMs, progress, open, seekToPos, seekToTime, loadEarlier, loadLater, play, pause, step, setSpeed, setIdleCap, bookmark };
});
