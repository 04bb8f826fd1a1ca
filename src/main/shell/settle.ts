// Work that follows a stream of events (a window being dragged or resized sends one per frame): done
// once the events stop for a while, or at once when asked (the window closes).

export interface Settling {
  /** another event: the work waits until they stop for `ms` */
  poke(): void;
  /** the work now, if an event is waiting for it */
  flush(): void;
  cancel(): void;
}

export function afterSettling(work: () => void, ms: number): Settling {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    work();
  };
  return {
    poke() {
      clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      run();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
