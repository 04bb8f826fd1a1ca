import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  level: 'error' | 'info' | 'warn';
  text: string;
}

/** Messages for the user: every failure ends up here in plain words. */
export const useNotices = defineStore('notices', () => {
  const items = ref<Notice[]>([]);
  let next = 1;
  function push(level: Notice['level'], text: string, ttlMs = level === 'error' ? 12_000 : 5000): void {
    const id = next++;
    items.value = [...items.value.slice(-4), { id, level, text }];
    setTimeout(() => dismiss(id), ttlMs);
  }
  function dismiss(id: number): void {
    items.value = items.value.filter((n) => n.id !== id);
  }
  /** runs fn; a failure becomes an error notice (prefixed with what was being done) */
  async function guard<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      push('error', `${what}: ${(e as Error).message}`);
      return undefined;
    }
  }
  return { items, push, dismiss, guard };
});
