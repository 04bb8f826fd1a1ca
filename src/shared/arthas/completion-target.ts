// What the command bar's Tab completes past command names and options: the class or the method a
// command takes (watch demo.MathG → a class; watch demo.MathGame pri → a method of it).

/** Commands whose first argument is a class and, for some, whose second is a method of it. */
const TAKES: Record<string, { method: boolean }> = {
  watch: { method: true },
  trace: { method: true },
  stack: { method: true },
  tt: { method: true },
  monitor: { method: true },
  sm: { method: true },
  sc: { method: false },
  jad: { method: false },
  getstatic: { method: false },
};

/** A class name pattern Arthas's sc takes as it is (no quotes, no spaces, nothing a shell reads). */
const NAME = /^[\w.$*]*$/;

export type CompletionTarget =
  | { kind: 'class'; prefix: string; head: string }
  | { kind: 'method'; className: string; prefix: string; head: string };

/**
 * The name the last word of the input is, if any: `head` is the input before it. Options and the
 * number or hash after one (-n 5, -c 3d4eac69) are not arguments.
 */
export function completionTarget(input: string): CompletionTarget | null {
  const m = /^(\s*)(\S+)((?:\s+\S+)*?)\s+(\S*)$/.exec(input);
  if (!m) return null;
  const command = m[2]!.toLowerCase();
  const spec = TAKES[command];
  if (!spec) return null;
  const last = m[4]!;
  const head = input.slice(0, input.length - last.length);
  const before = m[3]!.trim() ? m[3]!.trim().split(/\s+/) : [];
  const args: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (w.startsWith('-')) {
      const next = before[i + 1] ?? '';
      // an option's value: a number (-n 5) or a class loader's hash (-c 3d4eac69)
      if (/^[0-9a-f]+$/i.test(next) && /\d/.test(next)) i++;
      continue;
    }
    args.push(w);
  }
  if (last.startsWith('-') || !NAME.test(last)) return null;
  if (args.length === 0) return { kind: 'class', prefix: last, head };
  if (args.length === 1 && spec.method && NAME.test(args[0]!) && !args[0]!.includes('*')) return { kind: 'method', className: args[0]!, prefix: last, head };
  return null;
}
