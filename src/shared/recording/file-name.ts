// The name offered for an exported recording: its name (or its target's) as a file name reads,
// then which recording it is: "math-game pid 14492" #1 → math-game-pid-14492-recording-1.arthasrec
// (it was math-game_pid_14492_-1.arthasrec).

export function exportFileName(rec: { id: number; name?: string | null; targetName?: string | null }, extension: string, kind: 'recording' | 'fleet' = 'recording'): string {
  const words = (rec.name ?? rec.targetName ?? '')
    .normalize('NFKC')
    // what no file system takes, and separators, become one dash; letters of any language stay
    .replace(/[^\p{L}\p{N}._]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  return `${words ? `${words}-` : ''}${kind}-${rec.id}.${extension}`;
}
