import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DeckEvent, TaskProgress } from '../../../shared/contract';
import { deck } from '../api';

/** Long work under way in main (import, export): how far it got, and a way to stop it. */
export const useTasks = defineStore('tasks', () => {
  const running = ref<TaskProgress[]>([]);
  let seq = 0;
  let listening = false;

  function listen(): void {
    if (listening) return;
    listening = true;
    deck.on((e: DeckEvent) => {
      if (e.type === 'task.progress') {
        const i = running.value.findIndex((t) => t.taskId === e.progress.taskId);
        if (i >= 0) running.value[i] = e.progress;
        else running.value.push(e.progress);
      } else if (e.type === 'task.done') running.value = running.value.filter((t) => t.taskId !== e.taskId);
    });
  }

  /** A fresh id for work about to start (its progress and cancel refer to it). */
  function newId(what: string): string {
    listen();
    return `${what}-${Date.now().toString(36)}-${++seq}`;
  }

  async function cancel(taskId: string): Promise<void> {
    await deck.call('tasks.cancel', { taskId });
  }

  return { running, newId, cancel, listen };
});

/** Rate in units per second and time left in seconds, from how far the work got since it began. */
export function pace(t: TaskProgress, now = Date.now()): { rate: number; leftS: number | null } {
  const secs = Math.max(0.001, (now - t.startedAt) / 1000);
  const rate = t.done / secs;
  return { rate, leftS: t.total !== null && rate > 0 ? Math.max(0, (t.total - t.done) / rate) : null };
}
