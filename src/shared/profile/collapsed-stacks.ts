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

export interface CollapsedProfile {
  stacks: CollapsedStack[];
  /** the sum of every stack's count */
  total: number;
  /** lines that were not `frames count` (kept out of the sums, and said) */
  skipped: number;
}

/** Reads collapsed text. Lines that do not end in a count are skipped and counted. */
export function parseCollapsed(text: string): CollapsedProfile {
  const stacks: CollapsedStack[] = [];
  let total = 0;
  let skipped = 0;
  const names = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const cut = line.lastIndexOf(' ');
    const count = cut > 0 ? Number(line.slice(cut + 1)) : NaN;
    if (!Number.isFinite(count) || count < 0 || !/^\d+$/.test(line.slice(cut + 1).trim())) {
      skipped++;
      continue;
    }
    // one string per distinct frame: a large profile repeats a few thousand frames millions of times
    const frames = line.slice(0, cut).split(';');
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const known = names.get(f);
      if (known === undefined) names.set(f, f);
      else frames[i] = known;
    }
    stacks.push({ frames, count });
    total += count;
  }
  return { stacks, total, skipped };
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
