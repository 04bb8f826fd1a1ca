// How long work (import, export, publishing, comparing) tells how far it got, and how it is stopped.
export interface WorkControl {
  onProgress?: (p: { phase: 'checking' | 'writing' | 'comparing'; done: number; total: number | null; unit: 'results' | 'bytes' }) => void;
  signal?: AbortSignal;
}
