// Where to put the window: the saved bounds, unless no screen shows enough of them any more
// (a monitor unplugged, a smaller laptop screen). Pure: the caller passes the screens' work areas.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedBounds {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  maximized?: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
/** at least this much of the title bar must lie on a screen to be grabbed */
const MIN_VISIBLE = { width: 120, height: 40 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** Bounds for a new window: size kept (shrunk to the largest screen), position dropped when it would be off every screen. */
export function fitToScreens(saved: SavedBounds, workAreas: readonly Rect[]): { x?: number; y?: number; width: number; height: number } {
  const largest = workAreas.reduce<Rect | null>((m, a) => (!m || a.width * a.height > m.width * m.height ? a : m), null);
  const width = Math.min(saved.width ?? DEFAULT_SIZE.width, largest?.width ?? Infinity);
  const height = Math.min(saved.height ?? DEFAULT_SIZE.height, largest?.height ?? Infinity);
  if (typeof saved.x !== 'number' || typeof saved.y !== 'number') return { width, height };
  const titleBar: Rect = { x: saved.x, y: saved.y, width, height: Math.min(height, MIN_VISIBLE.height) };
  const visible = workAreas.some((a) => {
    const o = overlap(titleBar, a);
    return o.width >= Math.min(MIN_VISIBLE.width, width) && o.height >= Math.min(MIN_VISIBLE.height, titleBar.height) / 2;
  });
  return visible ? { x: saved.x, y: saved.y, width, height } : { width, height };
}
