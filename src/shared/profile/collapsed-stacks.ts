// async-profiler's collapsed stacks as Arthas answers them (`profiler dumpCollapsed`, or the file of
// `profiler stop --format collapsed`): one `frame;frame;… count` a line, the root first. With `-t`
// each stack starts with its thread, `[name tid=N]`. Frames are as the JVM names them internally
// (`java/lang/Thread.run`, `Thread::call_run`, `clock_gettime@@GLIBC_2.17`); the text is kept byte
// for byte in storage, and read here for the views.

/** What a frame is, for its colour: Java code, the JVM's own C++, a native library, the kernel, a thread, an allocated class. */
export type FrameKind = 'java' | 'jvm' | 'native' | 'kernel' | 'thread' | 'allocation';

export interface CollapsedStack {
  frames: string[];
  count: number;
}

/**
 * A profile read: each distinct frame once (`names`) and every stack's frames as indexes into it,
 * stack after stack (`ids`; stack i is `ids[offsets[i]]` up to `ids[offsets[i + 1]]`), so that a
 * profile of 100,000 stacks and millions of frames is a few typed arrays rather than millions of
 * objects. `stacks` gives them as frame names, made on first use.
 */
export interface CollapsedProfile {
  names: string[];
  ids: Int32Array;
  offsets: Int32Array;
  counts: Float64Array;
  readonly stacks: CollapsedStack[];
  /** the sum of every stack's count */
  total: number;
  /** lines that were not `frames count` (kept out of the sums, and said) */
  skipped: number;
}

/** Reads collapsed text in one pass. Lines that do not end in a count are skipped and counted. */
export function parseCollapsed(text: string): CollapsedProfile {
  const names: string[] = [];
  const idOf = new Map<string, number>();
  let ids = new Int32Array(1 << 12);
  let nIds = 0;
  const offsets: number[] = [0];
  const counts: number[] = [];
  let total = 0;
  let skipped = 0;
  const len = text.length;
  let pos = 0;
  while (pos < len) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = len;
    const from = pos;
    pos = end + 1;
    // a line's count: the digits after its last space (a line ending in \r or spaces reads as trimmed)
    let last = end;
    while (last > from && isBlank(text.charCodeAt(last - 1))) last--;
    if (last === from) continue;
    const cut = text.lastIndexOf(' ', end - 1);
    let count = 0;
    let digits = 0;
    for (let i = cut + 1; i < last; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) {
        digits = -1;
        break;
      }
      count = count * 10 + c;
      digits++;
    }
    if (cut <= from || digits <= 0 || cut >= last) {
      skipped++;
      continue;
    }
    // the frames: one string per distinct frame (a profile names a few thousand frames millions of times)
    for (let p = from; ; ) {
      let q = text.indexOf(';', p);
      if (q < 0 || q > cut) q = cut;
      const name = text.slice(p, q);
      let id = idOf.get(name);
      if (id === undefined) {
        id = names.length;
        idOf.set(name, id);
        names.push(name);
      }
      if (nIds === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[nIds++] = id;
      if (q === cut) break;
      p = q + 1;
    }
    offsets.push(nIds);
    counts.push(count);
    total += count;
  }
  return profileOf(names, ids.slice(0, nIds), Int32Array.from(offsets), Float64Array.from(counts), total, skipped);
}

const isBlank = (c: number): boolean => c === 32 || c === 13 || c === 9;

function profileOf(names: string[], ids: Int32Array, offsets: Int32Array, counts: Float64Array, total: number, skipped: number): CollapsedProfile {
  let stacks: CollapsedStack[] | null = null;
  return {
    names,
    ids,
    offsets,
    counts,
    total,
    skipped,
    get stacks(): CollapsedStack[] {
      stacks ??= Array.from(counts, (count, i) => ({ frames: Array.from(ids.subarray(offsets[i]!, offsets[i + 1]!), (id) => names[id]!), count }));
      return stacks;
    },
  };
}

/** a `-t` stack's first frame; other bracketed frames are async-profiler's markers ([unknown], [break_stack_range]) */
const THREAD = /^\[(.+) tid=(\d+)\]$/;
/** async-profiler's frame annotations: _[j] JIT-compiled, _[i] inlined, _[0] interpreted, _[1] C1, _[k] kernel, _[a]… */
const ANNOTATION = /_\[([a-z0-9])\]$/;

/** The kind of a frame, from its name and async-profiler's annotation when it has one. */
export function frameKind(frame: string, isLeaf = false): FrameKind {
  if (THREAD.test(frame)) return 'thread';
  const ann = ANNOTATION.exec(frame)?.[1];
  if (ann === 'k') return isLeaf && /[./]/.test(frame) && !frame.includes('::') ? 'allocation' : 'kernel';
  if (ann === 'i' && isLeaf) return 'allocation';
  const name = ann ? frame.slice(0, -4) : frame;
  if (name.includes('::')) return 'jvm';
  // Java: package/Class.method, or a class name in dots; lambdas and hidden classes too
  if (/^[\w$]+(\/[\w$.-]+)+\.[\w$<>-]+$/.test(name) || /^[\w$]+(\.[\w$]+)+(\.<?[\w$]+>?)?$/.test(name) || /^\[L?[\w/$.]+;?$/.test(name)) return 'java';
  if (/^(__|sys_|do_|entry_|ret_from|irq|page_fault|asm_|x64_|el0_|el1_)/.test(name) || name.endsWith('_[k]')) return 'kernel';
  return 'native';
}

/** A frame as Java prints it: `java/lang/Thread.run` → `java.lang.Thread.run`; a thread as `thread name`; annotations dropped. */
export function frameName(frame: string): string {
  const th = THREAD.exec(frame);
  if (th) return th[1]!;
  const name = ANNOTATION.test(frame) ? frame.slice(0, -4) : frame;
  if (name.includes('::') || !name.includes('/')) return name;
  return name.replace(/\//g, '.');
}

/** The thread of a `-t` stack (its first frame), or null. */
export function threadOf(stack: CollapsedStack): { name: string; tid: number } | null {
  const th = THREAD.exec(stack.frames[0] ?? '');
  return th ? { name: th[1]!, tid: Number(th[2]) } : null;
}
