// The app's own facts (version, mode, whether a keychain seals passwords, the MCP endpoint), asked
// of main once and kept; ask again with reload.
import { defineStore } from 'pinia';
import type { DeckResult } from '../../../shared/contract';
import { deck } from '../api';

export const useAppFacts = defineStore('appFacts', () => {
  let asked: Promise<DeckResult<'app.info'>> | null = null;
  const info = (): Promise<DeckResult<'app.info'>> => (asked ??= deck.call('app.info', {}).catch((e: unknown) => ((asked = null), Promise.reject(e))));
  const reload = (): Promise<DeckResult<'app.info'>> => ((asked = null), info());
  /** files the OS asked the app to open, handed over once */
  const takeOpenedFiles = (): Promise<string[]> => deck.call('app.takeOpenedFiles', {});
  return { info, reload, takeOpenedFiles };
});
