// One pending run of an async step at a time: a call while one is under way gets that one. The
// window is created this way, since macOS's open-file and activate may both ask for it at once
// (Finder opening several files with no window open) and creation awaits the settings first.
export function oneAtATime(step: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () =>
    (pending ??= step().finally(() => {
      pending = undefined;
    }));
}
