// Parses the text Arthas 4.x draws for watch/tt/ognl values (its ObjectView):
//   @ArrayList[            lists, sets, arrays (@Object[][ … ], @int[][ … ])
//       @Integer[1],
//   ]
//   @HashMap[ @String[k]:@Integer[1], ]           maps
//   @Pojo[ name=@String[x], ]                      objects with fields
//   @ArrayList[isEmpty=false;size=3]               collapsed by -x
//   @Random[java.util.Random@3d7ff0e]              an object not expanded: class and identity hash
//   null, and exceptions as "java.lang.X: message" followed by "\tat …" lines.
// Text that does not parse gives null; callers fall back to a line diff.
import type { VNode } from './value-tree';

class ParseError extends Error {}

const SCALAR_TYPES = new Set(['String', 'Integer', 'Long', 'Short', 'Byte', 'Double', 'Float', 'Boolean', 'Character', 'BigDecimal', 'BigInteger', 'Date', 'Class', 'Enum', 'AtomicInteger', 'AtomicLong']);
const EXCEPTION_HEAD = /^([a-zA-Z_$][\w$]*(?:\.[a-zA-Z_$][\w$]*)+(?:Exception|Error|Throwable)[\w$]*)(?::\s?(.*))?$/;

export function parseObjectView(text: string): VNode | null {
  try {
    const p = new Parser(text);
    const node = p.value();
    p.skipSpace();
    if (!p.atEnd()) return null;
    return node;
  } catch (e) {
    if (e instanceof ParseError || e instanceof RangeError) return null;
    throw e;
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }
  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  private fail(what: string): never {
    throw new ParseError(`${what} at ${this.i}`);
  }
  private startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }

  value(): VNode {
    this.skipSpace();
    if (this.startsWith('null') && !/[\w$]/.test(this.s[this.i + 4] ?? '')) {
      this.i += 4;
      return { kind: 'null' };
    }
    if (this.s[this.i] === '@') return this.typed();
    const exc = this.exception();
    if (exc) return exc;
    this.fail('value expected');
  }

  /** "java.lang.IllegalArgumentException: msg" + "\tat …" lines */
  private exception(): VNode | null {
    const lineEnd = this.lineEnd(this.i);
    const head = this.s.slice(this.i, lineEnd).replace(/,$/, '');
    const m = EXCEPTION_HEAD.exec(head.trim());
    if (!m) return null;
    this.i = lineEnd;
    const stack: string[] = [];
    for (;;) {
      const nl = this.s[this.i] === '\n' ? this.i + 1 : -1;
      if (nl < 0) break;
      const end = this.lineEnd(nl);
      const line = this.s.slice(nl, end);
      const t = line.trim().replace(/,$/, '');
      if (!/^(at |\.\.\. \d+ more|Caused by: |Suppressed: )/.test(t)) break;
      stack.push(t);
      this.i = end;
      if (line.trimEnd().endsWith(',')) {
        // a trailing comma belongs to the enclosing list: leave it
        this.i = end - (line.length - line.trimEnd().length) - 1;
        break;
      }
    }
    return { kind: 'exception', type: m[1]!, message: m[2] ?? '', stack };
  }

  private lineEnd(from: number): number {
    const nl = this.s.indexOf('\n', from);
    return nl < 0 ? this.s.length : nl;
  }

  private typed(): VNode {
    // @Type[  where Type may be qualified, inner ($), or an array type (Object[], int[][])
    const m = /^@([\w$.]+(?:\[\])*)\[/.exec(this.s.slice(this.i, this.i + 300));
    if (!m) this.fail('@Type[ expected');
    const type = m[1]!;
    this.i += m[0].length;
    const simple = type.split('.').pop()!;
    // an object not expanded (beyond -x): its class and identity hash, @Random[java.util.Random@3d7ff0e]
    const identity = /^([\w$.]+@[0-9a-f]+)\]/.exec(this.s.slice(this.i, this.i + 300));
    if (identity && !SCALAR_TYPES.has(simple)) {
      this.i += identity[0].length;
      return { kind: 'summary', type: simple, text: identity[1]! };
    }
    if (SCALAR_TYPES.has(simple) || (!type.endsWith('[]') && this.scalarAhead())) return { kind: 'scalar', type: simple, text: this.scalarBody(simple === 'String') };
    // collapsed: @ArrayList[isEmpty=false;size=3]
    const collapsed = /^isEmpty=(true|false);size=\d+\]/.exec(this.s.slice(this.i, this.i + 40));
    if (collapsed) {
      this.i += collapsed[0].length;
      return { kind: 'summary', type: simple, text: collapsed[0].slice(0, -1) };
    }
    return this.container(simple);
  }

  /** a one-line body with no nested @ and no "name=" field: treated as a scalar */
  private scalarAhead(): boolean {
    const end = this.lineEnd(this.i);
    const rest = this.s.slice(this.i, end);
    return rest.length > 0 && !rest.startsWith(']') && !/^\s*$/.test(rest) && !rest.includes('@') && !/^[\w$]+=/.test(rest);
  }

  /**
   * The body of @Type[body] on this line. Numbers and the like hold no "]", so the first closes.
   * A string may: a map key closes at the first "]:" ; any other string at the last "]" that
   * leaves only closing brackets, commas and spaces on the line.
   */
  private scalarBody(isString: boolean): string {
    const line = this.s.slice(this.i, this.lineEnd(this.i));
    let close = -1;
    if (!isString) close = line.indexOf(']');
    else {
      const key = /\]:(@|null)/.exec(line);
      if (key) close = key.index;
      else for (let k = line.length - 1; k >= 0 && close < 0; k--) if (line[k] === ']' && /^[\],\s]*$/.test(line.slice(k + 1))) close = k;
    }
    if (close < 0) this.fail('] expected');
    this.i += close + 1;
    return line.slice(0, close);
  }

  private container(type: string): VNode {
    const items: VNode[] = [];
    const entries: Array<{ key: VNode; value: VNode }> = [];
    const fields: Array<{ name: string; value: VNode }> = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail('] expected');
      if (this.s[this.i] === ']') {
        this.i++;
        break;
      }
      const field = /^([\w$]+)=/.exec(this.s.slice(this.i, this.i + 200));
      if (field && !this.startsWith('null')) {
        this.i += field[0].length;
        fields.push({ name: field[1]!, value: this.value() });
      } else {
        const v = this.value();
        this.skipInlineSpace();
        if (this.s[this.i] === ':') {
          this.i++;
          entries.push({ key: v, value: this.value() });
        } else items.push(v);
      }
      // an exception's text ends with a newline, so its comma stands on the next line
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
    }
    if (fields.length && !items.length && !entries.length) return { kind: 'object', type, fields };
    if (entries.length && !items.length && !fields.length) return { kind: 'map', type, entries };
    if (!fields.length && !entries.length) return { kind: 'list', type, items };
    this.fail('mixed container');
  }

  private skipInlineSpace(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }
}
