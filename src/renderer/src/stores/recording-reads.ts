// Reads of a recording that a view shows as it is (this desktop's, or a team library's with
// `library`): its jobs, one result whole, a watch job's cost series, a page of its terminal frames,
// a library's recordings for a picker. Views ask here, never main directly.
import { defineStore } from 'pinia';
import type { DeckResult } from '../../../shared/contract';
import type { RecordingSummary, StoredJob } from '../../../shared/recording/types';
import { deck } from '../api';

const at = (library: number | null | undefined): { library?: number } => (library !== undefined && library !== null ? { library } : {});

export const useRecordingReads = defineStore('recordingReads', () => {
  const jobs = (id: number, library?: number | null): Promise<StoredJob[]> => deck.call('recordings.jobs', { id, ...at(library) });
  /** a result's stored text whole (a profile's collapsed stacks past the live limit) */
  const result = (id: number, pos: number, library?: number): Promise<string | null> => deck.call('recordings.result', { id, pos, ...at(library) });
  const costSeries = (id: number, jobId: number, library?: number): Promise<DeckResult<'recordings.costSeries'>> => deck.call('recordings.costSeries', { id, jobId, ...at(library) });
  /** the terminal frames after `after`, a page at a time */
  const terminalPage = (id: number, library: number | undefined, after: number): Promise<DeckResult<'recordings.page'>> => deck.call('recordings.page', { id, ...at(library), after, limit: 2000, types: ['terminal'] });
  /** a team library's recordings (for a picker), none when it cannot be read */
  const inLibrary = (library: number | null): Promise<RecordingSummary[]> => (library === null ? Promise.resolve([]) : deck.call('recordings.list', { library, limit: 500 }).catch(() => []));
  return { jobs, result, costSeries, terminalPage, inLibrary };
});
