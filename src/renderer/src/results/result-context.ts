// Where the shown result lives (its recording, library, when it came), for the few views that read
// more of the recording than the result itself (a profile reads the job that started profiling).
import type { InjectionKey, Ref } from 'vue';

export interface ResultContext {
  recordingId: number;
  library?: number;
  receivedAt: number;
}

export const RESULT_CONTEXT: InjectionKey<Ref<ResultContext | null>> = Symbol('result-context');
