// Class and method names for the command bar's Tab, asked of the target itself: `sc <prefix>*` and
// `sm <class>` through Arthas's one-time exec session, so the tab's own session, its job ids and its
// recording are untouched. Answers are kept per Arthas session (a new session may see new classes).
import type { CompletionTarget } from '../../shared/arthas/completion-target';
import type { ExecAnswer } from '../arthas/client';

export interface Completion {
  text: string;
  hint: string;
}

/** What asks the JVM: the tab's ArthasClient. */
export interface NameSource {
  exec(command: string, opts: { execTimeout?: number }): Promise<ExecAnswer>;
}

/** Completions offered at once; a class list this long or longer says "type more". */
export const COMPLETIONS_SHOWN = 20;
const EXEC_TIMEOUT_MS = 5000;
/** names kept per query, so that a longer prefix is answered from a shorter one's list */
const KEPT_PER_QUERY = 5000;

interface Names {
  names: Array<{ name: string; hint: string }>;
  /** every name the JVM has for the query is here */
  complete: boolean;
}

export class NameCompleter {
  private session: string | null = null;
  private readonly classes = new Map<string, Names>();
  private readonly methods = new Map<string, Names>();

  /** Completions for the target; `session` is the tab's Arthas session id (answers are kept per session). */
  async complete(source: NameSource, session: string | null, target: CompletionTarget): Promise<Completion[]> {
    if (session !== this.session) {
      this.session = session;
      this.classes.clear();
      this.methods.clear();
    }
    if (target.kind === 'class') {
      // a class needs a package or a few letters: `sc *` would list every loaded class
      if (target.prefix.replace(/\*/g, '').length < 2) return [];
      const found = await this.classNames(source, target.prefix);
      return found.filter((n) => n.name.startsWith(target.prefix)).slice(0, COMPLETIONS_SHOWN).map((n) => ({ text: `${target.head}${n.name} `, hint: n.hint }));
    }
    const found = await this.methodNames(source, target.className);
    return found.filter((n) => n.name.startsWith(target.prefix)).slice(0, COMPLETIONS_SHOWN).map((n) => ({ text: `${target.head}${n.name} `, hint: n.hint }));
  }

  private async classNames(source: NameSource, prefix: string): Promise<Names['names']> {
    // a shorter prefix's complete list answers a longer one without asking the JVM again
    for (const [p, kept] of this.classes) if (kept.complete && prefix.startsWith(p)) return kept.names;
    const answer = await source.exec(`sc ${prefix}*`, { execTimeout: EXEC_TIMEOUT_MS });
    const names = new Set<string>();
    for (const r of answer.results) {
      const list = (r.result as { classNames?: unknown }).classNames;
      if (r.result.type === 'sc' && Array.isArray(list)) for (const n of list) if (typeof n === 'string') names.add(n);
    }
    const sorted = [...names].sort().map((name) => ({ name, hint: 'class' }));
    this.classes.set(prefix, { names: sorted.slice(0, KEPT_PER_QUERY), complete: sorted.length <= KEPT_PER_QUERY && answer.state === 'SUCCEEDED' });
    return sorted;
  }

  private async methodNames(source: NameSource, className: string): Promise<Names['names']> {
    const kept = this.methods.get(className);
    if (kept) return kept.names;
    const answer = await source.exec(`sm ${className}`, { execTimeout: EXEC_TIMEOUT_MS });
    const seen = new Map<string, string>();
    for (const r of answer.results) {
      const info = (r.result as { methodInfo?: { methodName?: unknown; descriptor?: unknown; declaringClass?: unknown } }).methodInfo;
      if (r.result.type !== 'sm' || typeof info?.methodName !== 'string') continue;
      const hint = `${typeof info.declaringClass === 'string' ? info.declaringClass : className} ${typeof info.descriptor === 'string' ? info.descriptor : ''}`.trim();
      // overloads: one completion, their descriptors in the hint
      seen.set(info.methodName, seen.has(info.methodName) ? `${seen.get(info.methodName)!}, ${hint.split(' ').pop()}` : hint);
    }
    const names = [...seen].map(([name, hint]) => ({ name, hint })).sort((a, b) => a.name.localeCompare(b.name));
    this.methods.set(className, { names, complete: true });
    return names;
  }
}
