import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConnectionCheck, DeckArgs, TargetInfo, TargetInput } from '../../../shared/contract';
import { deck } from '../api';

export const useTargets = defineStore('targets', () => {
  const list = ref<TargetInfo[]>([]);
  async function load(): Promise<void> {
    list.value = await deck.call('targets.list', {});
  }
  async function save(input: TargetInput): Promise<TargetInfo> {
    const t = await deck.call('targets.save', input);
    await load();
    return t;
  }
  async function remove(id: number): Promise<void> {
    await deck.call('targets.remove', { id });
    await load();
  }
  function check(input: DeckArgs<'targets.check'>): Promise<ConnectionCheck> {
    return deck.call('targets.check', input);
  }
  return { list, load, save, remove, check };
});
